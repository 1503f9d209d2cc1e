import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull } from 'typeorm';
import { AttachmentsService, StoredFiles } from '../attachments/attachments.service';
import { AuditActor, AuditService } from '../audit/audit.service';
import { invalidField, notFound } from '../common/errors';
import { UploadedFile } from '../common/request-context';
import { CannedResponse, CannedResponseFile } from './canned.entities';

/** The most files one canned response carries. */
export const MAX_CANNED_FILES = 10;

/**
 * A canned response's files: the admin adds and removes them (audited); when an agent inserts the
 * response into a reply, the reply gets copies as its attachments. Stored like attachments, through
 * AttachmentsService (same folder, generated names, same type and size limits).
 */
@Injectable()
export class CannedFilesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly attachments: AttachmentsService,
    private readonly audit: AuditService,
  ) {}

  list(cannedResponseId: number): Promise<CannedResponseFile[]> {
    return this.db.manager.find(CannedResponseFile, { where: { cannedResponseId }, order: { id: 'ASC' } });
  }

  /** Adds uploaded files to a response (limits as for attachments; at most MAX_CANNED_FILES in all). */
  async add(actor: AuditActor, cannedResponseId: number, uploads: UploadedFile[], uploadError?: string): Promise<number> {
    if (!uploadError && uploads.length === 0) throw invalidField('attachments', 'Choose a file to attach.');
    await this.attachments.check(uploads, uploadError);
    const stored = new StoredFiles();
    try {
      return await this.db.transaction(async (manager) => {
        const response = await manager.findOneBy(CannedResponse, { id: cannedResponseId });
        if (!response) throw notFound('canned response');
        const count = await manager.countBy(CannedResponseFile, { cannedResponseId });
        if (count + uploads.length > MAX_CANNED_FILES) throw invalidField('attachments', `A canned response carries at most ${MAX_CANNED_FILES} files.`);
        const names: string[] = [];
        for (const upload of uploads) {
          const facts = await this.attachments.saveFile(upload, stored);
          await manager.insert(CannedResponseFile, { cannedResponseId, ...facts });
          names.push(facts.fileName);
        }
        await this.audit.record(actor, { action: 'canned.files_added', target: { type: 'canned_response', id: response.id, label: response.title }, after: { files: names.join(', ') } }, manager);
        return uploads.length;
      });
    } catch (err) {
      stored.discard();
      throw err;
    }
  }

  /** Removes one file of a response (404 when it is not that response's). */
  async remove(actor: AuditActor, cannedResponseId: number, fileId: number): Promise<CannedResponseFile> {
    const file = await this.db.transaction(async (manager) => {
      const row = await manager.findOne(CannedResponseFile, { where: { id: fileId, cannedResponseId }, relations: { cannedResponse: true } });
      if (!row) throw notFound('file');
      await manager.delete(CannedResponseFile, { id: row.id });
      await this.audit.record(actor, { action: 'canned.file_removed', target: { type: 'canned_response', id: cannedResponseId, label: row.cannedResponse.title }, before: { file: row.fileName } }, manager);
      return row;
    });
    this.attachments.removeFile(file.storedName);
    return file;
  }

  /**
   * The files of the inserted responses `ids`, as uploads for a reply on a ticket of `departmentId`.
   * CASE: only active responses this department offers (global or its own): a hand-edited id of another
   * department's response adds nothing.
   */
  async forReply(ids: number[], departmentId: number): Promise<UploadedFile[]> {
    if (ids.length === 0) return [];
    const allowed = await this.db.manager.find(CannedResponse, {
      where: [{ id: In(ids), isActive: true, departmentId: IsNull() }, { id: In(ids), isActive: true, departmentId }], select: { id: true },
    });
    if (allowed.length === 0) return [];
    const files = await this.db.manager.find(CannedResponseFile, { where: { cannedResponseId: In(allowed.map((r) => r.id)) }, order: { id: 'ASC' } });
    return files.map((f) => this.attachments.asUpload(f));
  }
}
