import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EntityManager, Repository } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { invalidField } from '../common/errors';
import { UploadedFile } from '../common/request-context';
import { Attachment } from './attachment.entity';

/** Files written during a transaction, to remove if it rolls back. */
export class StoredFiles {
  readonly paths: string[] = [];
  discard(): void {
    for (const p of this.paths) fs.rmSync(p, { force: true });
  }
}

@Injectable()
export class AttachmentsService {
  private readonly logger = new Logger(AttachmentsService.name);

  constructor(
    @InjectRepository(Attachment) private readonly attachments: Repository<Attachment>,
    private readonly config: AppConfig,
  ) {
    fs.mkdirSync(config.attachments.dir, { recursive: true });
  }

  get limits() {
    return { maxFiles: this.config.attachments.maxFiles, maxMegabytes: Math.round(this.config.attachments.maxBytes / 1024 / 1024) };
  }

  /** SECURITY 4: count and size limits, checked again here whatever the transport let through. */
  check(uploads: UploadedFile[], uploadError?: string): void {
    if (uploadError) throw invalidField('attachments', uploadError);
    const { maxFiles, maxBytes } = this.config.attachments;
    if (uploads.length > maxFiles) throw invalidField('attachments', `At most ${maxFiles} attachments.`);
    const tooBig = uploads.find((u) => u.size > maxBytes);
    if (tooBig) throw invalidField('attachments', `Each attachment must be at most ${this.limits.maxMegabytes} MB.`);
  }

  /**
   * Moves the uploads under generated names into ATTACHMENTS_DIR and records them on the entry, inside
   * the caller's transaction. The caller discards `stored` if the transaction fails.
   */
  async store(manager: EntityManager, ticketId: number, threadEntryId: number, uploads: UploadedFile[], stored: StoredFiles): Promise<Attachment[]> {
    const repo = manager.getRepository(Attachment);
    const saved: Attachment[] = [];
    for (const upload of uploads) {
      const storedName = randomBytes(16).toString('hex');
      const target = path.join(this.config.attachments.dir, storedName);
      fs.copyFileSync(upload.tempPath, target); // copy, not rename: the temp folder may be on another volume
      stored.paths.push(target);
      saved.push(await repo.save(repo.create({
        ticketId, threadEntryId, storedName, size: upload.size, sha256: await sha256(target),
        fileName: cleanFileName(upload.originalName), mimeType: cleanMimeType(upload.mimeType),
      })));
    }
    return saved;
  }

  findById(id: number): Promise<Attachment | null> {
    return this.attachments.findOne({ where: { id }, relations: { threadEntry: true, ticket: true } });
  }

  openStream(attachment: Attachment): fs.ReadStream {
    return fs.createReadStream(path.join(this.config.attachments.dir, attachment.storedName));
  }

  exists(attachment: Attachment): boolean {
    const ok = fs.existsSync(path.join(this.config.attachments.dir, attachment.storedName));
    if (!ok) this.logger.warn(`attachment ${attachment.id} is missing its file`);
    return ok;
  }
}

function sha256(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    fs.createReadStream(file).on('data', (c) => hash.update(c)).on('error', reject).on('end', () => resolve(hash.digest('hex')));
  });
}

/** Keeps a display name safe for headers and file systems: no paths, controls or quotes; 255 chars at most. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f"<>:|?*]/g, '_').replace(/^\.+/, '').trim();
  return (cleaned || 'attachment').slice(-255);
}

function cleanMimeType(type: string): string {
  return /^[\w.+-]+\/[\w.+-]+$/.test(type) ? type.slice(0, 128) : 'application/octet-stream';
}
