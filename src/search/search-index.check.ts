import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ensureSqliteSearchIndex } from './full-text-index';

/** At boot on SQLite: restores the search index's sync triggers if a table rebuild dropped them (see full-text-index.ts). */
@Injectable()
export class SearchIndexCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger(SearchIndexCheck.name);

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.db.options.type !== 'better-sqlite3') return;
    const restored = await ensureSqliteSearchIndex((sql) => this.db.query(sql));
    if (restored.length > 0) this.logger.warn(`Restored search index triggers ${restored.join(', ')} and refilled the index.`);
  }
}
