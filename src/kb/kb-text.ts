import sanitizeHtml from 'sanitize-html';
import { MAX_KB_WORD_CHARS } from './kb.entities';

/**
 * The HTML an article body may hold (SECURITY 3): structure and emphasis, links (http, https, mailto and
 * our own relative paths, opened without referrer), images (the CSP loads only our own and data: ones;
 * others stay blank). No script, style, event handler, iframe or form survives. Applied on save and again when
 * shown (views/helpers/kb-html.helper.ts), so an old row or a changed allowlist is never trusted.
 */
const ARTICLE_HTML: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'hr', 'h2', 'h3', 'h4', 'strong', 'b', 'em', 'i', 'u', 's', 'sub', 'sup', 'blockquote', 'pre', 'code',
    'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'caption', 'span', 'div',
  ],
  allowedAttributes: { a: ['href', 'title'], img: ['src', 'alt', 'title', 'width', 'height'], th: ['scope', 'colspan', 'rowspan'], td: ['colspan', 'rowspan'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https', 'data'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow' }) },
};
ARTICLE_HTML.allowedAttributes = { ...(ARTICLE_HTML.allowedAttributes as Record<string, string[]>), a: ['href', 'title', 'rel'] };

export function sanitizeArticleHtml(html: string): string {
  return sanitizeHtml(html, ARTICLE_HTML).trim();
}

/** The text of an article body, for excerpts and the word index. */
export function articleText(html: string): string {
  const text = sanitizeHtml(html.replace(/<(\/p|br|\/li|\/h\d|\/td|\/div)\b/gi, ' <$1'), { allowedTags: [], allowedAttributes: {} });
  return decodeEntities(text).replace(/\s+/g, ' ').trim();
}

/** The first `max` characters of an article's text, cut at a word. */
export function excerpt(html: string, max = 160): string {
  const text = articleText(html);
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2)).trimEnd()}…`;
}

// Words too common to tell articles apart; a search made only of them finds nothing.
const STOP_WORDS = new Set(
  ('a an and are as at be but by can do does for from has have how i if in is it my me no not of on or our so ' +
    'that the their then there this to was we what when where which who why will with you your').split(' '),
);

/** Lower-cased words of at least two letters or digits, without the common ones, each once, in order. */
export function wordsOf(text: string): string[] {
  const words = new Set<string>();
  for (const raw of text.normalize('NFKC').toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (raw.length < 2 || STOP_WORDS.has(raw)) continue;
    words.add(raw.slice(0, MAX_KB_WORD_CHARS));
  }
  return [...words];
}

/** The words of a search, at most `max` of them (longer words first: they say more). */
export function searchTerms(query: string, max = 6): string[] {
  return wordsOf(query.slice(0, 500)).sort((a, b) => b.length - a.length).slice(0, max);
}

/**
 * The index range holding every word that starts with `term`: [term, term with its last character
 * bumped). A range, not LIKE, so both databases walk the primary key (SQLite's LIKE would not).
 */
export function prefixRange(term: string): { from: string; to: string } {
  const chars = Array.from(term);
  const last = chars.pop()!;
  return { from: term, to: chars.join('') + String.fromCodePoint(last.codePointAt(0)! + 1) };
}

function decodeEntities(text: string): string {
  return text
    .replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, "'")
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n))).replace(/&amp;/g, '&');
}
