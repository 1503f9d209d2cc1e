import { parseForm } from '../../common/forms';
import { AppConfig } from '../../config/app-config';
import { defaultSettings, parseSettings, SettingsContext } from '../../settings/settings.schema';
import { SettingsFormDto, toSettingsInput } from './settings-form.dto';
import { postedFormValues, settingsFormValues, SettingsPresenter } from './settings.presenter';

const ctx: SettingsContext = { helpdeskName: 'RelayDesk', publicUrl: 'http://localhost:3000', maxAttachmentMb: 10, maxAttachmentFiles: 5 };
const presenter = new SettingsPresenter({ basePath: '/osTicket' } as AppConfig);
const choices = {
  departments: [{ id: 1, name: 'Support' }, { id: 2, name: 'Sales' }],
  helpTopics: [{ id: 1, name: 'General Inquiry' }],
};
const defaults = { statusName: 'Open', priorityName: 'Normal', slaPlanName: 'Default SLA' };

/** The values as the browser would post them back, checkboxes included. */
const asPosted = (values: ReturnType<typeof settingsFormValues>): Record<string, unknown> => ({
  ...values, autoresponderEnabled: values.autoresponderEnabled ? ['0', '1'] : '0', alertsEnabled: values.alertsEnabled ? ['0', '1'] : '0',
});

describe('the settings form', () => {
  it('posts back exactly the settings it shows', () => {
    const settings = defaultSettings(ctx);
    const parsed = parseForm(SettingsFormDto, asPosted(settingsFormValues(settings)));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const { values, errors } = parseSettings(toSettingsInput(parsed.value), ctx);
    expect(errors).toEqual({});
    expect(values).toEqual(settings);
  });

  it('echoes what was typed, and reads unticked checkboxes as off', () => {
    const values = postedFormValues({ helpdeskName: '<b>x</b>', defaultPageSize: ['1', '2'], autoresponderEnabled: '0', alertsEnabled: ['0', '1'] });
    expect(values).toMatchObject({ helpdeskName: '<b>x</b>', defaultPageSize: '', autoresponderEnabled: false, alertsEnabled: true });
  });
});

describe('SettingsPresenter', () => {
  const values = settingsFormValues(defaultSettings(ctx));

  it('marks the current choices and names the server limits in the hints', () => {
    const vm = presenter.page(choices, defaults, ctx, { ...values, defaultDepartmentId: '2' }, {});
    expect(vm.action).toBe('/osTicket/scp/admin/settings');
    expect(vm.choices.departments).toEqual([{ id: 1, name: 'Support', selected: false }, { id: 2, name: 'Sales', selected: true }]);
    expect(vm.choices.timezones[0]).toEqual({ id: 'UTC', name: 'UTC', selected: true });
    expect(vm.choices.dateFormats.map((f) => f.name)).toContain('11/23/2026 2:05 PM');
    expect(vm.hints.attachmentMaxMb).toBe("Per file, from 1 to 10 MB (the server's limit).");
    expect(vm.hasErrors).toBe(false);
  });

  it('shows the default status, priority and SLA plan read-only, linking to the pages that set them', () => {
    const vm = presenter.page(choices, defaults, ctx, values, {});
    expect(vm.ticketDefaults).toEqual({
      status: { name: 'Open', url: '/osTicket/scp/admin/statuses' },
      priority: { name: 'Normal', url: '/osTicket/scp/admin/priorities' },
      slaPlan: { name: 'Default SLA', url: '/osTicket/scp/admin/sla' },
    });
    expect(vm.form.values).not.toHaveProperty('defaultStatusId');
    expect(vm.form.values).not.toHaveProperty('defaultPriorityId');
    expect(vm.form.values).not.toHaveProperty('defaultSlaPlanId');
    expect(vm.choices).not.toHaveProperty('slaPlans');
  });

  it('shows the number format message under the mask field', () => {
    const vm = presenter.page(choices, defaults, ctx, values, { ticketNumberFormat: 'Bad mask.' });
    expect(vm.form.errors).toMatchObject({ ticketNumberMask: 'Bad mask.' });
    expect(vm.hasErrors).toBe(true);
  });

  it('keeps a time zone this Node.js does not list as a choice, so saving does not change it', () => {
    const vm = presenter.page(choices, defaults, ctx, { ...values, timezone: 'Mars/Olympus_Mons' }, {});
    expect(vm.choices.timezones[0]).toEqual({ id: 'Mars/Olympus_Mons', name: 'Mars/Olympus Mons', selected: true });
  });
});
