import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTable, foreignKey as fk, index } from '../migration-kit';
import { grantToRoles, revokeFromRoles } from '../role-permission-grants';

/**
 * The knowledge base: categories (public or internal), articles (sanitized HTML, published flag,
 * files, related help topics), a word index for search and deflection, and the deflections themselves.
 * Existing installs' default roles get 'kb.manage' as a fresh install's do.
 */
export class KnowledgeBase1763900000140 implements MigrationInterface {
  name = 'KnowledgeBase1763900000140';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(qr, 'kb_categories', [
      col.id(), col.varchar('name', 128), col.varchar('description', 1000, { default: '' }), col.bool('is_public', true),
      col.int('sort_order', { default: 0 }), col.createdAt(), col.datetime('updated_at'),
    ], { indices: [index('kb_categories_name_uq', ['name'], true), index('kb_categories_public_sort_idx', ['is_public', 'sort_order'])] });

    await createTable(qr, 'kb_articles', [
      col.id(), col.fk('category_id'), col.varchar('title', 191), col.text('body'), col.bool('is_published', false),
      col.fk('created_by', { nullable: true }), col.createdAt(), col.datetime('updated_at'),
    ], {
      indices: [index('kb_articles_category_title_idx', ['category_id', 'title']), index('kb_articles_published_id_idx', ['is_published', 'id'])],
      foreignKeys: [fk('kb_articles_category_id_fk', 'category_id', 'kb_categories'), fk('kb_articles_created_by_fk', 'created_by', 'staff')],
    });

    await createTable(qr, 'kb_article_topics', [col.fk('article_id'), col.fk('help_topic_id')], {
      primary: ['article_id', 'help_topic_id'],
      indices: [index('kb_article_topics_topic_idx', ['help_topic_id'])],
      foreignKeys: [
        fk('kb_article_topics_article_id_fk', 'article_id', 'kb_articles', 'CASCADE'),
        fk('kb_article_topics_help_topic_id_fk', 'help_topic_id', 'help_topics', 'CASCADE'),
      ],
    });

    await createTable(qr, 'kb_article_words', [col.varchar('word', 64), col.fk('article_id')], {
      primary: ['word', 'article_id'],
      indices: [index('kb_article_words_article_idx', ['article_id'])],
      foreignKeys: [fk('kb_article_words_article_id_fk', 'article_id', 'kb_articles', 'CASCADE')],
    });

    await createTable(qr, 'kb_article_files', [
      col.id(), col.fk('article_id'), col.varchar('file_name', 255), col.varchar('stored_name', 64), col.varchar('mime_type', 128),
      col.int('size'), col.varchar('sha256', 64), col.createdAt(),
    ], {
      indices: [index('kb_article_files_stored_name_uq', ['stored_name'], true), index('kb_article_files_article_idx', ['article_id'])],
      foreignKeys: [fk('kb_article_files_article_id_fk', 'article_id', 'kb_articles', 'CASCADE')],
    });

    await createTable(qr, 'kb_deflections', [col.id(), col.fk('article_id'), col.varchar('subject', 255, { default: '' }), col.createdAt()], {
      indices: [index('kb_deflections_article_idx', ['article_id', 'created_at'])],
      foreignKeys: [fk('kb_deflections_article_id_fk', 'article_id', 'kb_articles', 'CASCADE')],
    });

    await grantToRoles(qr, { 'All Access': ['kb.manage'], 'Expanded Access': ['kb.manage'] });
  }

  async down(qr: QueryRunner): Promise<void> {
    await revokeFromRoles(qr, ['kb.manage']);
    for (const table of ['kb_deflections', 'kb_article_files', 'kb_article_words', 'kb_article_topics', 'kb_articles', 'kb_categories']) {
      await qr.dropTable(table, true);
    }
  }
}
