import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Department } from '../departments/department.entity';
import { Attachment } from '../attachments/attachment.entity';
import { AttachmentsService } from '../attachments/attachments.service';
import { CannedFilesService } from './canned-files.service';
import { CannedResponse, CannedResponseFile } from './canned.entities';
import { CannedResponsesService } from './canned.service';

/** Canned responses: the admin's CRUD, the list an agent picks from on a ticket, and filling in variables. */
@Module({
  imports: [TypeOrmModule.forFeature([CannedResponse, CannedResponseFile, Department, Attachment])],
  providers: [CannedResponsesService, CannedFilesService, AttachmentsService],
  exports: [CannedResponsesService, CannedFilesService],
})
export class CannedModule {}
