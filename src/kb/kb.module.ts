import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Attachment } from '../attachments/attachment.entity';
import { AttachmentsService } from '../attachments/attachments.service';
import { KbArticlesService } from './kb-articles.service';
import { KbCategoriesService } from './kb-categories.service';
import { KbDeflectionsService } from './kb-deflections.service';
import { KbFilesService } from './kb-files.service';
import { KbSearchService } from './kb-search.service';
import { KbTicketSuggestionsService } from './kb-ticket-suggestions.service';
import { KB_ENTITIES } from './kb.entities';

/** The knowledge base: categories, articles and their files, search, and deflections. */
@Module({
  imports: [TypeOrmModule.forFeature([...KB_ENTITIES, Attachment])],
  providers: [KbCategoriesService, KbArticlesService, KbFilesService, KbSearchService, KbDeflectionsService, KbTicketSuggestionsService, AttachmentsService],
  exports: [KbCategoriesService, KbArticlesService, KbFilesService, KbSearchService, KbDeflectionsService, KbTicketSuggestionsService],
})
export class KbModule {}
