import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { createdAtColumn, datetimeColumn, fkColumn, ID_TYPE, nullableFk } from '../database/columns';
import type { HelpTopic } from '../help-topics/help-topic.entity';
import type { Staff } from '../staff/staff.entity';

export const MAX_KB_TITLE_CHARS = 191;
export const MAX_KB_WORD_CHARS = 64;

/** A group of articles. Internal categories (and their articles) are seen by agents only. */
@Entity('kb_categories')
@Index('kb_categories_name_uq', ['name'], { unique: true })
@Index('kb_categories_public_sort_idx', ['isPublic', 'sortOrder'])
export class KbCategory {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column({ type: 'varchar', length: 128 })
  name: string;

  @Column({ type: 'varchar', length: 1000, default: '' })
  description: string;

  @Column({ type: 'boolean', default: true })
  isPublic: boolean;

  @Column({ type: 'integer', default: 0 })
  sortOrder: number;

  @Column(createdAtColumn)
  createdAt: Date;

  @Column(datetimeColumn)
  updatedAt: Date;
}

/** An article: `body` is HTML already passed through the knowledge base's sanitizer when it was saved. */
@Entity('kb_articles')
@Index('kb_articles_category_title_idx', ['categoryId', 'title'])
@Index('kb_articles_published_id_idx', ['isPublished', 'id'])
export class KbArticle {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column(fkColumn)
  categoryId: number;

  @ManyToOne(() => KbCategory, { onDelete: 'NO ACTION', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'category_id', foreignKeyConstraintName: 'kb_articles_category_id_fk' })
  category: Relation<KbCategory>;

  @Column({ type: 'varchar', length: MAX_KB_TITLE_CHARS })
  title: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'boolean', default: false })
  isPublished: boolean;

  @Column(nullableFk)
  createdBy: number | null;

  // By name, so this file does not load the entity graph just for a foreign key.
  @ManyToOne('Staff', { onDelete: 'NO ACTION', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'kb_articles_created_by_fk' })
  author: Relation<Staff> | null;

  @Column(createdAtColumn)
  createdAt: Date;

  @Column(datetimeColumn)
  updatedAt: Date;
}

/** Help topics an article answers: the ticket page suggests it for tickets of these topics first. */
@Entity('kb_article_topics')
@Index('kb_article_topics_topic_idx', ['helpTopicId'])
export class KbArticleTopic {
  @PrimaryColumn({ type: ID_TYPE })
  articleId: number;

  @ManyToOne(() => KbArticle, { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'article_id', foreignKeyConstraintName: 'kb_article_topics_article_id_fk' })
  article: Relation<KbArticle>;

  @PrimaryColumn({ type: ID_TYPE })
  helpTopicId: number;

  @ManyToOne('HelpTopic', { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'help_topic_id', foreignKeyConstraintName: 'kb_article_topics_help_topic_id_fk' })
  helpTopic: Relation<HelpTopic>;
}

/**
 * The search index: each distinct word of an article's title and text, rewritten on every save. Looked
 * up by word (or word prefix) through the primary key, the same way on SQLite and MySQL.
 */
@Entity('kb_article_words')
@Index('kb_article_words_article_idx', ['articleId'])
export class KbArticleWord {
  @PrimaryColumn({ type: 'varchar', length: MAX_KB_WORD_CHARS })
  word: string;

  @PrimaryColumn({ type: ID_TYPE })
  articleId: number;

  @ManyToOne(() => KbArticle, { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'article_id', foreignKeyConstraintName: 'kb_article_words_article_id_fk' })
  article: Relation<KbArticle>;
}

/** A file attached to an article; the bytes live under ATTACHMENTS_DIR as `storedName`, like ticket files. */
@Entity('kb_article_files')
@Index('kb_article_files_stored_name_uq', ['storedName'], { unique: true })
@Index('kb_article_files_article_idx', ['articleId'])
export class KbArticleFile {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column(fkColumn)
  articleId: number;

  @ManyToOne(() => KbArticle, { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'article_id', foreignKeyConstraintName: 'kb_article_files_article_id_fk' })
  article: Relation<KbArticle>;

  @Column({ type: 'varchar', length: 255 })
  fileName: string;

  @Column({ type: 'varchar', length: 64 })
  storedName: string;

  @Column({ type: 'varchar', length: 128 })
  mimeType: string;

  @Column({ type: 'integer' })
  size: number;

  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  @Column(createdAtColumn)
  createdAt: Date;
}

/** A portal visitor said an article answered their question instead of opening a ticket. */
@Entity('kb_deflections')
@Index('kb_deflections_article_idx', ['articleId', 'createdAt'])
export class KbDeflection {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column(fkColumn)
  articleId: number;

  @ManyToOne(() => KbArticle, { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'article_id', foreignKeyConstraintName: 'kb_deflections_article_id_fk' })
  article: Relation<KbArticle>;

  /** The summary the visitor had typed, to see what people look for. */
  @Column({ type: 'varchar', length: 255, default: '' })
  subject: string;

  @Column(createdAtColumn)
  createdAt: Date;
}

/** Entities this feature adds to the schema (collected by database/entities.ts). */
export const KB_ENTITIES = [KbCategory, KbArticle, KbArticleTopic, KbArticleWord, KbArticleFile, KbDeflection];
