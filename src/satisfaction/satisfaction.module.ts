import { Module } from '@nestjs/common';
import { SatisfactionPanels } from './satisfaction-panels';
import { SatisfactionReportService } from './satisfaction-report.service';
import { SatisfactionSurveyService } from './satisfaction-survey.service';
import { SatisfactionService } from './satisfaction.service';

/** Satisfaction ratings: recording them, the resolution mail's link, the ticket pages' panels, the report. */
@Module({
  providers: [SatisfactionService, SatisfactionSurveyService, SatisfactionReportService, SatisfactionPanels],
  exports: [SatisfactionService, SatisfactionSurveyService, SatisfactionReportService, SatisfactionPanels],
})
export class SatisfactionModule {}
