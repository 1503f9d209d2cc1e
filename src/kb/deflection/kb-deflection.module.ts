import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AbuseModule } from '../../abuse/abuse.module';
import { Attachment } from '../../attachments/attachment.entity';
import { AttachmentsService } from '../../attachments/attachments.service';
import { KbModule } from '../kb.module';
import { KbPresenter } from '../pages/kb.presenter';
import { DeflectionStep } from './deflection-step';

/** The deflection step the portal's open form calls (see DeflectionStep). */
@Module({
  imports: [KbModule, AbuseModule, TypeOrmModule.forFeature([Attachment])],
  providers: [DeflectionStep, KbPresenter, AttachmentsService],
  exports: [DeflectionStep],
})
export class KbDeflectionModule {}
