import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EntityManager, Repository } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { invalidField } from '../common/errors';
import { UploadedFile } from '../common/request-context';
import { SettingsService } from '../settings/settings.service';
import { Attachment } from './attachment.entity';

export interface AttachmentLimits {
  maxFiles: number;
  maxMegabytes: number;
  /** Extensions (".pdf") and MIME patterns ("image/*"); empty = any type. */
  allowedTypes: readonly string[];
  /** The same, for people and for the file input's `accept`: ".pdf, image/*" ("" = any). */
  accepted: string;
}

/** A file in ATTACHMENTS_DIR as a row records it. */
export interface StoredFileFacts {
  storedName: string;
  fileName: string;
  mimeType: string;
  size: number;
  sha256: string;
}

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
    private readonly settings: SettingsService,
  ) {
    fs.mkdirSync(config.attachments.dir, { recursive: true });
  }

  /**
   * The limits in force: the settings' values, which the schema keeps within the server's ceilings
   * (ATTACHMENT_MAX_MB and ATTACHMENT_MAX_FILES, which the upload parser enforces on its own).
   */
  async limits(): Promise<AttachmentLimits> {
    const settings = await this.settings.get();
    const ceilingMb = Math.floor(this.config.attachments.maxBytes / 1024 / 1024);
    return {
      maxFiles: Math.min(settings.attachmentMaxFiles, this.config.attachments.maxFiles),
      maxMegabytes: Math.min(settings.attachmentMaxMb, ceilingMb),
      allowedTypes: settings.allowedFileTypes,
      accepted: settings.allowedFileTypes.join(', '),
    };
  }

  /** SECURITY 4: count, size and type limits, checked again here whatever the transport let through. */
  async check(uploads: UploadedFile[], uploadError?: string): Promise<void> {
    if (uploadError) throw invalidField('attachments', uploadError);
    if (uploads.length === 0) return;
    const { maxFiles, maxMegabytes, allowedTypes } = await this.limits();
    if (uploads.length > maxFiles) {
      throw invalidField('attachments', maxFiles === 0 ? 'Attachments are not accepted.' : `At most ${maxFiles} attachment${maxFiles === 1 ? '' : 's'}.`);
    }
    const tooBig = uploads.find((u) => u.size > maxMegabytes * 1024 * 1024);
    if (tooBig) throw invalidField('attachments', `Each attachment must be at most ${maxMegabytes} MB.`);
    const refused = uploads.find((u) => !isAcceptedType(u, allowedTypes));
    if (refused) throw invalidField('attachments', `Files of type ${fileTypeLabel(refused)} are not accepted.`);
  }

  /**
   * Moves the uploads under generated names into ATTACHMENTS_DIR and records them on the entry, inside
   * the caller's transaction. The caller discards `stored` if the transaction fails.
   */
  async store(manager: EntityManager, ticketId: number, threadEntryId: number, uploads: UploadedFile[], stored: StoredFiles): Promise<Attachment[]> {
    const repo = manager.getRepository(Attachment);
    const saved: Attachment[] = [];
    for (const upload of uploads) {
      saved.push(await repo.save(repo.create({ ticketId, threadEntryId, ...(await this.saveFile(upload, stored)) })));
    }
    return saved;
  }

  /**
   * Copies one file into ATTACHMENTS_DIR under a generated name (recorded in `stored` for a rollback)
   * and describes it. For files kept outside a thread, like a canned response's.
   */
  async saveFile(upload: UploadedFile, stored: StoredFiles): Promise<StoredFileFacts> {
    const storedName = randomBytes(16).toString('hex');
    const target = path.join(this.config.attachments.dir, storedName);
    fs.copyFileSync(upload.tempPath, target); // copy, not rename: the temp folder may be on another volume
    stored.paths.push(target);
    return { storedName, size: upload.size, sha256: await sha256(target), fileName: cleanFileName(upload.originalName), mimeType: cleanMimeType(upload.mimeType) };
  }

  /** A stored file as an upload to copy again (a canned response's file onto a reply). */
  asUpload(file: StoredFileFacts): UploadedFile {
    return { tempPath: path.join(this.config.attachments.dir, file.storedName), originalName: file.fileName, mimeType: file.mimeType, size: file.size };
  }

  /** Removes a stored file's bytes (after the row that named it is gone). */
  removeFile(storedName: string): void {
    fs.rmSync(path.join(this.config.attachments.dir, storedName), { force: true });
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

/**
 * Whether a file is of a type the settings accept: its extension matches an extension in the list, or
 * its declared MIME type matches a MIME pattern. Both come from the sender, so this is a courtesy filter,
 * not a defence: downloads are always served as attachments with nosniff (SECURITY 4).
 */
export function isAcceptedType(file: { originalName: string; mimeType: string }, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  const extension = extensionOf(file.originalName);
  const mime = file.mimeType.toLowerCase();
  return allowed.some((type) => {
    if (type.startsWith('.')) return type === extension;
    return type.endsWith('/*') ? mime.startsWith(type.slice(0, -1)) : mime === type;
  });
}

/** How a refused file's type is named to the sender: its extension (".exe"), else its MIME type. */
export function fileTypeLabel(file: { originalName: string; mimeType: string }): string {
  return extensionOf(file.originalName) || cleanMimeType(file.mimeType);
}

/** ".pdf" for "Report.PDF"; "" when the name has no extension. */
function extensionOf(name: string): string {
  const match = /\.([A-Za-z0-9_-]{1,16})$/.exec(cleanFileName(name));
  return match ? `.${match[1].toLowerCase()}` : '';
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
