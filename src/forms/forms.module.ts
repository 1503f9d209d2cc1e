import { Module } from '@nestjs/common';
import { FormsService } from './forms.service';
import { TicketFieldsService } from './ticket-fields.service';

/** Custom forms and fields, and tickets' answers to them. Both services work through the DataSource. */
@Module({
  providers: [FormsService, TicketFieldsService],
  exports: [FormsService, TicketFieldsService],
})
export class FormsModule {}
