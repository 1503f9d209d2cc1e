import { Injectable } from '@nestjs/common';
import { FormErrors, FormState } from '../../common/view-models';
import { AppConfig } from '../../config/app-config';
import {
  DATE_FORMATS, Settings, SettingsContext, timeZoneChoices,
} from '../../settings/settings.schema';
import { adminPage } from '../admin-nav';

/** The rows the form's selects offer (departments, help topics), by id and name. */
export interface SettingsChoices {
  departments: { id: number; name: string }[];
  /** Public, active topics: the default one is chosen in advance on the portal's form. */
  helpTopics: { id: number; name: string }[];
}

/**
 * The default status, priority and SLA plan, by name: not settings but the flagged rows of their own
 * admin pages, so the settings page shows them read-only with a link there.
 */
export interface TicketDefaults {
  statusName: string;
  priorityName: string;
  /** null: no plan is flagged default (new tickets without a topic or department plan get no SLA). */
  slaPlanName: string | null;
}

/** A default shown read-only, and the page where it is changed. */
export interface TicketDefaultVM {
  name: string | null;
  url: string;
}

/** A select's choice; `id` is the value posted. */
export interface ChoiceVM {
  id: number | string;
  name: string;
  selected: boolean;
}

/** The form's values as typed (strings) and its two checkboxes. */
export interface SettingsFormValues {
  helpdeskName: string;
  helpdeskUrl: string;
  timezone: string;
  dateFormat: string;
  defaultPageSize: string;
  ticketNumberMode: string;
  ticketNumberMask: string;
  defaultDepartmentId: string;
  defaultHelpTopicId: string;
  reopenPolicy: string;
  maxOpenTicketsPerUser: string;
  attachmentMaxMb: string;
  attachmentMaxFiles: string;
  allowedFileTypes: string;
  clientRegistration: string;
  autoresponderEnabled: boolean;
  alertsEnabled: boolean;
  emailCcAsCollaborators: boolean;
  autoresponsesPerSenderPerHour: string;
  portalCaptcha: boolean;
  usersMayCloseTickets: boolean;
}

/** views/admin/settings/index.hbs */
export interface SettingsPageVM extends ReturnType<typeof adminPage> {
  action: string;
  form: FormState<SettingsFormValues>;
  hasErrors: boolean;
  /** Hints that name the server's limits. */
  hints: { attachmentMaxMb: string; attachmentMaxFiles: string };
  ticketDefaults: { status: TicketDefaultVM; priority: TicketDefaultVM; slaPlan: TicketDefaultVM };
  choices: Record<'timezones' | 'dateFormats' | 'numberModes' | 'reopenPolicies' | 'registrationModes', ChoiceVM[]> & Record<keyof SettingsChoices, ChoiceVM[]>;
}

const NUMBER_MODES = [
  { id: 'sequential', name: 'Sequential (the next number through the mask)' },
  { id: 'random', name: 'Random (random digits in the mask)' },
];
const REOPEN_POLICIES = [
  { id: 'reopen', name: 'Reopen the ticket (when its status allows)' },
  { id: 'new_ticket', name: 'Refuse the reply and ask for a new ticket' },
];
const REGISTRATION_MODES = [
  { id: 'guests', name: 'Guests only: anyone may open tickets without an account' },
  { id: 'public', name: 'Public: anyone may register an account' },
  { id: 'invite', name: 'By invitation: agents create accounts' },
];

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
/** Same reading as the @Checkbox() transform: the last value posted wins. */
const checked = (value: unknown): boolean => {
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  return last === '1' || last === 'on' || last === 'true';
};
const idText = (id: number | null): string => (id === null ? '' : String(id));

/** Builds the settings page from the settings, or from what was typed on a 422. */
@Injectable()
export class SettingsPresenter {
  constructor(private readonly config: AppConfig) {}

  page(choices: SettingsChoices, defaults: TicketDefaults, ctx: SettingsContext, values: SettingsFormValues, errors: FormErrors): SettingsPageVM {
    const option = (list: { id: number | string; name: string }[], value: string): ChoiceVM[] =>
      list.map((item) => ({ id: item.id, name: item.name, selected: String(item.id) === value }));
    // CASE: a zone saved under an older name than this Node.js lists stays choosable, so saving the
    // form does not quietly change it.
    const zones = timeZoneChoices();
    if (values.timezone && !zones.includes(values.timezone)) zones.unshift(values.timezone);
    return {
      ...adminPage('settings', this.config.basePath, 'Settings'),
      action: `${this.config.basePath}/scp/admin/settings`,
      form: {
        values,
        // The number format is one setting shown as two fields: its message goes under the mask.
        errors: errors.ticketNumberFormat ? { ...errors, ticketNumberMask: errors.ticketNumberFormat } : errors,
      },
      choices: {
        timezones: option(zones.map((zone) => ({ id: zone, name: zone.replace(/_/g, ' ') })), values.timezone),
        dateFormats: option(DATE_FORMATS.map((f) => ({ id: f.pattern, name: f.example })), values.dateFormat),
        numberModes: option(NUMBER_MODES, values.ticketNumberMode),
        reopenPolicies: option(REOPEN_POLICIES, values.reopenPolicy),
        registrationModes: option(REGISTRATION_MODES, values.clientRegistration),
        departments: option(choices.departments, values.defaultDepartmentId),
        helpTopics: option(choices.helpTopics, values.defaultHelpTopicId),
      },
      ticketDefaults: {
        status: { name: defaults.statusName, url: `${this.config.basePath}/scp/admin/statuses` },
        priority: { name: defaults.priorityName, url: `${this.config.basePath}/scp/admin/priorities` },
        slaPlan: { name: defaults.slaPlanName, url: `${this.config.basePath}/scp/admin/sla` },
      },
      hasErrors: Object.keys(errors).length > 0,
      hints: {
        attachmentMaxMb: `Per file, from 1 to ${ctx.maxAttachmentMb} MB (the server's limit).`,
        attachmentMaxFiles: `Per message, from 0 (no attachments) to ${ctx.maxAttachmentFiles} (the server's limit).`,
      },
    };
  }
}

/** The form filled with the current settings. */
export function settingsFormValues(s: Settings): SettingsFormValues {
  return {
    helpdeskName: s.helpdeskName, helpdeskUrl: s.helpdeskUrl, timezone: s.timezone, dateFormat: s.dateFormat,
    defaultPageSize: String(s.defaultPageSize), ticketNumberMode: s.ticketNumberFormat.mode, ticketNumberMask: s.ticketNumberFormat.mask,
    defaultDepartmentId: idText(s.defaultDepartmentId), defaultHelpTopicId: idText(s.defaultHelpTopicId),
    reopenPolicy: s.reopenPolicy, maxOpenTicketsPerUser: String(s.maxOpenTicketsPerUser), attachmentMaxMb: String(s.attachmentMaxMb),
    attachmentMaxFiles: String(s.attachmentMaxFiles), allowedFileTypes: s.allowedFileTypes.join(', '), clientRegistration: s.clientRegistration,
    autoresponderEnabled: s.autoresponderEnabled, alertsEnabled: s.alertsEnabled,
    emailCcAsCollaborators: s.emailCcAsCollaborators, autoresponsesPerSenderPerHour: String(s.autoresponsesPerSenderPerHour),
    portalCaptcha: s.portalCaptcha, usersMayCloseTickets: s.usersMayCloseTickets,
  };
}

/** What was typed, echoed back on a 422 (the template escapes it). */
export function postedFormValues(body: unknown): SettingsFormValues {
  const b = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  return {
    helpdeskName: text(b.helpdeskName), helpdeskUrl: text(b.helpdeskUrl), timezone: text(b.timezone), dateFormat: text(b.dateFormat),
    defaultPageSize: text(b.defaultPageSize), ticketNumberMode: text(b.ticketNumberMode), ticketNumberMask: text(b.ticketNumberMask),
    defaultDepartmentId: text(b.defaultDepartmentId),
    defaultHelpTopicId: text(b.defaultHelpTopicId), reopenPolicy: text(b.reopenPolicy),
    maxOpenTicketsPerUser: text(b.maxOpenTicketsPerUser), attachmentMaxMb: text(b.attachmentMaxMb), attachmentMaxFiles: text(b.attachmentMaxFiles),
    allowedFileTypes: text(b.allowedFileTypes), clientRegistration: text(b.clientRegistration),
    autoresponderEnabled: checked(b.autoresponderEnabled), alertsEnabled: checked(b.alertsEnabled),
    emailCcAsCollaborators: checked(b.emailCcAsCollaborators), autoresponsesPerSenderPerHour: text(b.autoresponsesPerSenderPerHour),
    portalCaptcha: checked(b.portalCaptcha), usersMayCloseTickets: checked(b.usersMayCloseTickets),
  };
}
