import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/auth.module';
import { TicketsModule } from '../../tickets/tickets.module';
import { SatisfactionModule } from '../satisfaction.module';
import { PortalRatingController } from './portal-rating.controller';
import { ScpSatisfactionReportController } from './scp-satisfaction-report.controller';

/** The rating pages (portal ticket, mail link) and the staff report. HTTP only. */
@Module({
  imports: [AuthModule, TicketsModule, SatisfactionModule],
  controllers: [PortalRatingController, ScpSatisfactionReportController],
})
export class SatisfactionPagesModule {}
