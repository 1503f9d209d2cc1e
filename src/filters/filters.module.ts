import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Attachment } from '../attachments/attachment.entity';
import { CannedModule } from '../canned/canned.module';
import { ThreadEntry } from '../threads/thread-entry.entity';
import { ThreadService } from '../threads/thread.service';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { FilterReferencesService } from './filter-references.service';
import { IntakeFilterApplier } from './intake-filter-applier.service';
import { IntakeFiltersService } from './intake-filters.service';
import { TicketCollaboratorsService } from './ticket-collaborators.service';

/**
 * Intake filters: the admin's rules, running them on new tickets (imported by TicketsModule, so this
 * module must not import it back), and the collaborators they add. ThreadService and UsersService are
 * stateless, so this module provides its own instances rather than depending on TicketsModule.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ThreadEntry, Attachment, User]), CannedModule],
  providers: [IntakeFiltersService, IntakeFilterApplier, FilterReferencesService, TicketCollaboratorsService, ThreadService, UsersService],
  exports: [IntakeFiltersService, IntakeFilterApplier, FilterReferencesService, TicketCollaboratorsService],
})
export class FiltersModule {}
