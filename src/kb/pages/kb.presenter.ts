import { Injectable } from '@nestjs/common';
import { formatSize } from '../../common/format-size';
import { FormErrors } from '../../common/view-models';
import { AppConfig } from '../../config/app-config';
import { HelpTopic } from '../../help-topics/help-topic.entity';
import { KbArticleDetail } from '../kb-articles.service';
import { KbCategoryWithCount } from '../kb-categories.service';
import { KbHit } from '../kb-search.service';
import { excerpt } from '../kb-text';
import { KbArticle, KbArticleFile, KbCategory } from '../kb.entities';

export const PORTAL_LAYOUT = 'layouts/portal';
export const SCP_LAYOUT = 'layouts/scp';

export interface KbCategoryValues { name: string; description: string; isPublic: boolean; sortOrder: string }
export interface KbArticleValues { categoryId: string; title: string; body: string; isPublished: boolean; topicIds: string[] }

/** View-models of the knowledge base pages, portal and staff. */
@Injectable()
export class KbPresenter {
  constructor(private readonly config: AppConfig) {}

  url(path: string): string {
    return `${this.config.basePath}${path}`;
  }

  /** Where users read an article: the link agents put into replies. */
  portalArticleUrl(id: number): string {
    return this.url(`/kb/articles/${id}`);
  }

  /** The same link with the host, to paste into a reply that travels by mail. */
  absoluteArticleUrl(id: number): string {
    return `${this.config.publicUrl.replace(/\/+$/, '')}/kb/articles/${id}`;
  }

  // ----- portal

  portalHome(categories: KbCategoryWithCount[], q: string, hits: KbHit[] | null) {
    return {
      title: 'Knowledge Base', layout: PORTAL_LAYOUT, q, searchUrl: this.url('/kb'),
      categories: categories.map(({ category, articleCount }) => ({
        name: category.name, description: category.description, articleCount, url: this.url(`/kb/categories/${category.id}`),
      })),
      searched: hits !== null,
      results: (hits ?? []).map((h) => ({ title: h.title, excerpt: h.excerpt, categoryName: h.categoryName, url: this.portalArticleUrl(h.id) })),
    };
  }

  portalCategory(category: KbCategory, articles: KbArticle[]) {
    return {
      title: category.name, layout: PORTAL_LAYOUT, name: category.name, description: category.description, homeUrl: this.url('/kb'),
      articles: articles.map((a) => ({ title: a.title, excerpt: excerpt(a.body), url: this.portalArticleUrl(a.id) })),
    };
  }

  portalArticle({ article, files, topics }: KbArticleDetail, fromTicketForm = false) {
    return {
      helpedUrl: fromTicketForm ? this.url(`/kb/articles/${article.id}/helped`) : null,
      title: article.title, layout: PORTAL_LAYOUT, heading: article.title, body: article.body, updatedAt: article.updatedAt,
      category: { name: article.category.name, url: this.url(`/kb/categories/${article.categoryId}`) },
      homeUrl: this.url('/kb'), openTicketUrl: this.url('/tickets/new'),
      topics: topics.map((t) => t.fullName),
      files: files.map((f) => this.file(f, `/kb/files/${f.id}`)),
    };
  }

  /** The JSON the "Open a New Ticket" page's script shows while the user types. */
  suggestions(hits: KbHit[]) {
    return { articles: hits.map((h) => ({ id: h.id, title: h.title, excerpt: h.excerpt, url: `${this.portalArticleUrl(h.id)}?from=ticket` })) };
  }

  /** The "Did one of these answer your question?" step, with the form's fields carried in hidden inputs. */
  deflectStep(hits: KbHit[], fields: { name: string; value: string }[], fileNames: string[], limits: { accepted: string; maxFiles: number; maxMegabytes: number }) {
    return {
      title: 'Did one of these answer your question?', layout: PORTAL_LAYOUT, action: this.url('/tickets'), fields, limits,
      droppedFiles: fileNames, hasDroppedFiles: fileNames.length > 0,
      articles: hits.map((h) => ({ id: h.id, title: h.title, excerpt: h.excerpt, url: this.portalArticleUrl(h.id) })),
    };
  }

  // ----- staff

  scpIndex(input: {
    categories: KbCategoryWithCount[]; articles: KbArticle[]; deflections: Map<number, number>; canManage: boolean;
    categoryId: number | null; q: string; hits: KbHit[] | null; nextBefore: number | null; paged: boolean;
  }) {
    const listUrl = this.url('/scp/kb');
    const query = input.categoryId === null ? '' : `categoryId=${input.categoryId}`;
    const withQuery = (extra: string) => `${listUrl}?${[query, extra].filter(Boolean).join('&')}`;
    return {
      title: 'Knowledge Base', layout: SCP_LAYOUT, listUrl, canManage: input.canManage, q: input.q,
      newCategoryUrl: this.url('/scp/kb/categories/new'), newArticleUrl: this.url('/scp/kb/articles/new'),
      categories: input.categories.map(({ category, articleCount }) => ({
        name: category.name, isPublic: category.isPublic, articleCount, sortOrder: category.sortOrder,
        url: `${listUrl}?categoryId=${category.id}`, editUrl: this.url(`/scp/kb/categories/${category.id}`), active: category.id === input.categoryId,
      })),
      categoryFilter: input.categoryId !== null,
      articles: input.articles.map((a) => ({
        title: a.title, categoryName: a.category.name, isPublished: a.isPublished, isPublic: a.category.isPublic,
        deflections: input.deflections.get(a.id) ?? 0, updatedAt: a.updatedAt, url: this.url(`/scp/kb/articles/${a.id}`),
      })),
      searched: input.hits !== null,
      results: (input.hits ?? []).map((h) => ({
        title: h.title, excerpt: h.excerpt, categoryName: h.categoryName, isPublished: h.isPublished, isPublic: h.isPublic, url: this.url(`/scp/kb/articles/${h.id}`),
      })),
      firstUrl: input.paged ? (query ? `${listUrl}?${query}` : listUrl) : null,
      nextUrl: input.nextBefore === null ? null : withQuery(`before=${input.nextBefore}`),
    };
  }

  scpArticle({ article, files, topics }: KbArticleDetail, deflections: number, canManage: boolean) {
    const visible = article.isPublished && article.category.isPublic;
    return {
      title: article.title, layout: SCP_LAYOUT, heading: article.title, body: article.body, updatedAt: article.updatedAt,
      isPublished: article.isPublished, isPublic: article.category.isPublic, deflections, canManage,
      categoryName: article.category.name, listUrl: this.url(`/scp/kb?categoryId=${article.categoryId}`),
      editUrl: this.url(`/scp/kb/articles/${article.id}/edit`),
      portalUrl: visible ? this.absoluteArticleUrl(article.id) : null,
      topics: topics.map((t) => t.fullName),
      files: files.map((f) => this.file(f, `/scp/kb/files/${f.id}`)),
      delete: canManage ? { url: this.url(`/scp/kb/articles/${article.id}/delete`), confirm: `Delete “${article.title}”? Its files and deflection counts go with it.` } : null,
    };
  }

  categoryForm(values: KbCategoryValues, errors: FormErrors = {}, existing: KbCategory | null = null) {
    return {
      title: existing ? `Edit category ${existing.name}` : 'Add category', layout: SCP_LAYOUT,
      heading: existing ? `Edit category “${existing.name}”` : 'Add category',
      action: this.url(existing ? `/scp/kb/categories/${existing.id}` : '/scp/kb/categories'),
      submitLabel: existing ? 'Save changes' : 'Add category', listUrl: this.url('/scp/kb'),
      form: { values, errors },
      delete: existing ? { url: this.url(`/scp/kb/categories/${existing.id}/delete`), confirm: `Delete the category “${existing.name}”?` } : null,
    };
  }

  categoryValues(c: KbCategory): KbCategoryValues {
    return { name: c.name, description: c.description, isPublic: c.isPublic, sortOrder: String(c.sortOrder) };
  }

  articleForm(
    categories: KbCategoryWithCount[], topics: HelpTopic[], limits: { accepted: string; maxFiles: number; maxMegabytes: number },
    values: KbArticleValues, errors: FormErrors = {}, existing: KbArticleDetail | null = null,
  ) {
    const article = existing?.article ?? null;
    return {
      title: article ? `Edit ${article.title}` : 'Add article', layout: SCP_LAYOUT,
      heading: article ? `Edit “${article.title}”` : 'Add article',
      action: this.url(article ? `/scp/kb/articles/${article.id}` : '/scp/kb/articles'),
      submitLabel: article ? 'Save changes' : 'Add article',
      cancelUrl: article ? this.url(`/scp/kb/articles/${article.id}`) : this.url('/scp/kb'),
      categories: categories.map(({ category }) => ({ id: String(category.id), name: category.isPublic ? category.name : `${category.name} (internal)` })),
      topics: topics.map((t) => ({ id: String(t.id), name: t.fullName, checked: values.topicIds.includes(String(t.id)) })),
      limits, form: { values, errors },
      files: (existing?.files ?? []).map((f) => ({
        ...this.file(f, `/scp/kb/files/${f.id}`), removeUrl: this.url(`/scp/kb/articles/${article!.id}/files/${f.id}/delete`),
      })),
    };
  }

  articleValues({ article, topics }: KbArticleDetail): KbArticleValues {
    return { categoryId: String(article.categoryId), title: article.title, body: article.body, isPublished: article.isPublished, topicIds: topics.map((t) => String(t.id)) };
  }

  private file(f: KbArticleFile, path: string) {
    return { id: f.id, name: f.fileName, sizeLabel: formatSize(f.size), url: this.url(path) };
  }
}

/** What was typed in a category form, for a re-render (strings only; nothing from the body is trusted). */
export function typedCategoryValues(body: Record<string, unknown>): KbCategoryValues {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const last = (v: unknown) => (Array.isArray(v) ? v[v.length - 1] : v);
  return { name: text(body.name), description: text(body.description), isPublic: last(body.isPublic) === '1', sortOrder: text(body.sortOrder) };
}

export function typedArticleValues(body: Record<string, unknown>): KbArticleValues {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const last = (v: unknown) => (Array.isArray(v) ? v[v.length - 1] : v);
  const list = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
  return { categoryId: text(body.categoryId), title: text(body.title), body: text(body.body), isPublished: last(body.isPublished) === '1', topicIds: list(body.topicIds) };
}
