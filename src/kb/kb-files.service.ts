import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EntityManager, Repository } from 'typeorm';
import { AttachmentsService, cleanFileName, StoredFiles } from '../attachments/attachments.service';
import { notFound } from '../common/errors';
import { UploadedFile } from '../common/request-context';
import { AppConfig } from '../config/app-config';
import { KbArticleFile } from './kb.entities';

/**
 * Files on knowledge base articles: checked against the same limits as ticket attachments, stored the
 * same way (generated names under ATTACHMENTS_DIR, never a static folder), served only through the
 * controllers' access checks (SECURITY 4).
 */
@Injectable()
export class KbFilesService {
  constructor(
    @InjectRepository(KbArticleFile) private readonly files: Repository<KbArticleFile>,
    private readonly attachments: AttachmentsService,
    private readonly config: AppConfig,
  ) {}

  /** SECURITY 4: count, size and type limits; a refusal names the `attachments` field. */
  check(uploads: UploadedFile[], uploadError?: string): Promise<void> {
    return this.attachments.check(uploads, uploadError);
  }

  /** Copies the uploads under generated names and records them, in the caller's transaction. */
  async store(manager: EntityManager, articleId: number, uploads: UploadedFile[], stored: StoredFiles): Promise<void> {
    const repo = manager.getRepository(KbArticleFile);
    for (const upload of uploads) {
      const storedName = randomBytes(16).toString('hex');
      const target = path.join(this.config.attachments.dir, storedName);
      fs.copyFileSync(upload.tempPath, target);
      stored.paths.push(target);
      await repo.save(repo.create({
        articleId, storedName, size: upload.size, sha256: hashFile(target), fileName: cleanFileName(upload.originalName),
        mimeType: /^[\w.+-]+\/[\w.+-]+$/.test(upload.mimeType) ? upload.mimeType.slice(0, 128) : 'application/octet-stream',
      }));
    }
  }

  /** A file with its article and category, for the caller's access check. */
  async get(id: number): Promise<KbArticleFile> {
    const file = await this.files.findOne({ where: { id }, relations: { article: { category: true } } });
    if (!file) throw notFound('file');
    return file;
  }

  open(file: KbArticleFile): fs.ReadStream {
    return fs.createReadStream(path.join(this.config.attachments.dir, file.storedName));
  }

  /** Removes stored bytes after the rows that named them are gone (a failure leaves an orphan file, never a dangling row). */
  unlink(storedNames: string[]): void {
    for (const name of storedNames) fs.rmSync(path.join(this.config.attachments.dir, name), { force: true });
  }
}

function hashFile(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}
