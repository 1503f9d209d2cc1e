import { CustomField } from './custom-field.entity';
import { CustomForm } from './custom-form.entity';
import { TicketFieldValue } from './ticket-field-value.entity';

/** Entities this feature adds to the schema (collected by database/entities.ts). */
export const FORMS_ENTITIES = [CustomForm, CustomField, TicketFieldValue];
