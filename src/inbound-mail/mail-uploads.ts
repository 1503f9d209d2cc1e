import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AttachmentsService, cleanFileName, isAcceptedType } from '../attachments/attachments.service';
import { UploadedFile } from '../common/request-context';
import { AppConfig } from '../config/app-config';
import { ParsedInbound } from './inbound-parser';

/** Bidirectional and invisible formatting characters: "invoice\u202Efdp.exe" shows as "invoice.exe.pdf". */
const FORMAT_CHARS = /[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]/g;

/** A display name safe for the thread and for Content-Disposition. */
export function safeMailFileName(name: string): string {
  return cleanFileName(name.normalize('NFC').replace(FORMAT_CHARS, ''));
}

/**
 * A mail's files as uploads for the attachments service, within the settings' limits (count, size,
 * type): what does not fit is left out, and the note says so on the entry (the raw mail keeps it all).
 */
@Injectable()
export class MailUploads {
  private readonly tempDir: string;

  constructor(
    private readonly attachments: AttachmentsService,
    config: AppConfig,
  ) {
    this.tempDir = path.join(config.dataDir, 'tmp');
    fs.mkdirSync(this.tempDir, { recursive: true });
  }

  async prepare(mail: ParsedInbound): Promise<{ uploads: UploadedFile[]; note: string | null }> {
    const { maxFiles, maxMegabytes, allowedTypes } = await this.attachments.limits();
    const uploads: UploadedFile[] = [];
    const left: string[] = [];
    for (const part of mail.attachments) {
      const file = { originalName: safeMailFileName(part.fileName), mimeType: part.mimeType, size: part.content.length };
      if (uploads.length >= maxFiles) left.push(`${file.originalName} (more than ${maxFiles} files)`);
      else if (file.size > maxMegabytes * 1024 * 1024) left.push(`${file.originalName} (larger than ${maxMegabytes} MB)`);
      else if (!isAcceptedType(file, allowedTypes)) left.push(`${file.originalName} (type not accepted)`);
      else {
        const tempPath = path.join(this.tempDir, `mail-${randomBytes(12).toString('hex')}`);
        fs.writeFileSync(tempPath, part.content, { mode: 0o600 });
        uploads.push({ ...file, tempPath });
      }
    }
    const note = left.length > 0 ? `Not attached: ${left.slice(0, 10).join(', ')}${left.length > 10 ? ` and ${left.length - 10} more` : ''}` : null;
    return { uploads, note };
  }

  cleanup(uploads: UploadedFile[]): void {
    for (const u of uploads) fs.rmSync(u.tempPath, { force: true });
  }
}
