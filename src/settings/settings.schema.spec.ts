import {
  canonicalTimeZone, defaultSettings, flattenSettings, parseSettings, resolveSettings, SETTING_KEYS, SettingsContext, timeZoneChoices,
} from './settings.schema';

const ctx: SettingsContext = { helpdeskName: 'Acme Support', publicUrl: 'https://help.example.com', maxAttachmentMb: 10, maxAttachmentFiles: 5 };

describe('settings defaults', () => {
  it('keep the behaviour of an install that never changed a setting', () => {
    expect(defaultSettings(ctx)).toEqual({
      helpdeskName: 'Acme Support', helpdeskUrl: 'https://help.example.com', defaultDepartmentId: 1,
      defaultHelpTopicId: null, ticketNumberFormat: { mode: 'sequential', mask: '######' },
      attachmentMaxMb: 10, attachmentMaxFiles: 5, allowedFileTypes: [], clientRegistration: 'guests', portalCaptcha: false, usersMayCloseTickets: false, reopenPolicy: 'reopen',
      timezone: 'UTC', dateFormat: 'd MMM yyyy, HH:mm', autoresponderEnabled: true, alertsEnabled: true, maxOpenTicketsPerUser: 0,
      defaultPageSize: 25, emailCcAsCollaborators: true, autoresponsesPerSenderPerHour: 5,
    });
  });

  it('are frozen, nested values included', () => {
    const settings = defaultSettings(ctx);
    expect(Object.isFrozen(settings)).toBe(true);
    expect(Object.isFrozen(settings.ticketNumberFormat)).toBe(true);
    expect(Object.isFrozen(settings.allowedFileTypes)).toBe(true);
  });

  it('pass their own rules', () => {
    const defaults = defaultSettings(ctx);
    expect(parseSettings(defaults, ctx).errors).toEqual({});
  });
});

describe('parseSettings', () => {
  it('reads what the form sends (text) into typed values', () => {
    const { values, errors } = parseSettings({
      helpdeskName: '  Acme Help  ', helpdeskUrl: 'https://help.example.com/', defaultDepartmentId: '3',
      defaultHelpTopicId: '2', ticketNumberFormat: { mode: 'random', mask: ' RD-###### ' }, attachmentMaxMb: '4', attachmentMaxFiles: '0',
      allowedFileTypes: '.PDF, image/*\npng  text/plain', timezone: 'europe/berlin', dateFormat: 'yyyy-MM-dd HH:mm',
      autoresponderEnabled: ['0', '1'], alertsEnabled: '0', maxOpenTicketsPerUser: '3', defaultPageSize: '50', reopenPolicy: 'new_ticket',
      clientRegistration: 'public',
    }, ctx);
    expect(errors).toEqual({});
    expect(values).toEqual({
      helpdeskName: 'Acme Help', helpdeskUrl: 'https://help.example.com', defaultDepartmentId: 3, defaultHelpTopicId: 2,
      ticketNumberFormat: { mode: 'random', mask: 'RD-######' }, attachmentMaxMb: 4, attachmentMaxFiles: 0,
      allowedFileTypes: ['.pdf', 'image/*', '.png', 'text/plain'], timezone: 'Europe/Berlin', dateFormat: 'yyyy-MM-dd HH:mm',
      autoresponderEnabled: true, alertsEnabled: false, maxOpenTicketsPerUser: 3, defaultPageSize: 50, reopenPolicy: 'new_ticket',
      clientRegistration: 'public',
    });
  });

  it('ignores keys it does not know and keys not given', () => {
    const { values, errors } = parseSettings({ defaultPageSize: '30', isAdmin: true } as never, ctx);
    expect(values).toEqual({ defaultPageSize: 30 });
    expect(errors).toEqual({});
  });

  it.each([
    ['helpdeskName', '   ', 'Enter the help desk name.'],
    ['helpdeskName', 'x'.repeat(101), 'The help desk name must be at most 100 characters.'],
    ['helpdeskUrl', 'ftp://help.example.com', 'Enter the address of the help desk, starting with http:// or https://.'],
    ['helpdeskUrl', 'javascript:alert(1)', 'Enter the address of the help desk, starting with http:// or https://.'],
    ['defaultDepartmentId', 'abc', 'Choose a department from the list.'],
    ['defaultDepartmentId', '0', 'Choose a department from the list.'],
    ['defaultDepartmentId', '99999999999', 'Choose a department from the list.'],
    ['defaultHelpTopicId', 'abc', 'Choose a help topic from the list.'],
    ['defaultPageSize', '5', 'Enter a page size from 10 to 100.'],
    ['defaultPageSize', '101', 'Enter a page size from 10 to 100.'],
    ['defaultPageSize', '2.5', 'Enter a page size from 10 to 100.'],
    ['timezone', 'Mars/Olympus_Mons', 'Choose a time zone from the list.'],
    ['dateFormat', 'yyyy', 'Choose a date format from the list.'],
    ['reopenPolicy', 'sometimes', 'Choose what a reply to a closed ticket does from the list.'],
    ['clientRegistration', 'everyone', 'Choose who may use the portal from the list.'],
    ['attachmentMaxMb', '11', "At most 10 MB: that is the server's limit (ATTACHMENT_MAX_MB)."],
    ['attachmentMaxMb', '0', 'Enter a whole number of megabytes from 1 to 10.'],
    ['attachmentMaxFiles', '6', "At most 5: that is the server's limit (ATTACHMENT_MAX_FILES)."],
    ['maxOpenTicketsPerUser', '-1', 'Enter a whole number from 0 (no limit) to 1000.'],
    ['allowedFileTypes', '.pdf, exe!', '“exe!” is not a file type: list extensions like .pdf or MIME types like image/*.'],
    ['allowedFileTypes', ['.pdf', 3], 'List file types like .pdf or image/*.'],
  ])('refuses %s = %j: %s', (key, raw, message) => {
    const { values, errors } = parseSettings({ [key]: raw }, ctx);
    expect(errors).toEqual({ [key]: message });
    expect(values).toEqual({});
  });

  it.each([
    [{ mode: 'sequential', mask: 'RD-' }],
    [{ mode: 'sequential', mask: '###' }],
    [{ mode: 'random', mask: 'RD/######' }],
    [{ mode: 'sequential', mask: '' }],
  ])('refuses the ticket number format %j with the mask rule', (format) => {
    expect(parseSettings({ ticketNumberFormat: format }, ctx).errors.ticketNumberFormat).toMatch(/^Write the mask with 4 to 12 # signs/);
  });

  it('refuses an unknown numbering mode', () => {
    expect(parseSettings({ ticketNumberFormat: { mode: 'hex', mask: '######' } }, ctx).errors).toEqual({ ticketNumberFormat: 'Choose sequential or random ticket numbers.' });
  });

  it('collects one message per bad field', () => {
    const { errors } = parseSettings({ defaultPageSize: '5', timezone: 'Nowhere', helpdeskName: 'Fine' }, ctx);
    expect(Object.keys(errors).sort()).toEqual(['defaultPageSize', 'timezone']);
  });

  it('reads an empty file type list as "any type"', () => {
    expect(parseSettings({ allowedFileTypes: '  ' }, ctx).values).toEqual({ allowedFileTypes: [] });
  });
});

describe('resolveSettings', () => {
  it('takes stored values over defaults', () => {
    const { settings, rejected } = resolveSettings({ helpdeskName: '"Acme Help"', ticketNumberFormat: '{"mode":"random","mask":"RD-######"}' }, ctx);
    expect(settings.helpdeskName).toBe('Acme Help');
    expect(settings.ticketNumberFormat).toEqual({ mode: 'random', mask: 'RD-######' });
    expect(settings.defaultPageSize).toBe(25);
    expect(rejected).toEqual([]);
  });

  it('falls back to the default for a stored value that no longer passes (a lowered server ceiling, bad JSON)', () => {
    const { settings, rejected } = resolveSettings({ attachmentMaxMb: '50', defaultPageSize: 'not json', unknownKey: '1' }, ctx);
    expect(settings.attachmentMaxMb).toBe(10);
    expect(settings.defaultPageSize).toBe(25);
    expect(rejected.sort()).toEqual(['attachmentMaxMb', 'defaultPageSize']);
  });

  it('covers every key', () => {
    expect(Object.keys(resolveSettings({}, ctx).settings).sort()).toEqual([...SETTING_KEYS].sort());
  });

  it('has no default status or priority: the is_default flags of their rows say which they are', () => {
    expect(SETTING_KEYS).not.toContain('defaultStatusId');
    expect(SETTING_KEYS).not.toContain('defaultPriorityId');
    expect(parseSettings({ defaultStatusId: '5', defaultPriorityId: '3' } as never, ctx)).toEqual({ values: {}, errors: {} });
    const { settings, rejected } = resolveSettings({ defaultStatusId: '5', defaultPriorityId: '3' }, ctx);
    expect(settings).not.toHaveProperty('defaultStatusId');
    expect(settings).not.toHaveProperty('defaultPriorityId');
    expect(rejected).toEqual([]);
  });
});

describe('time zones', () => {
  it('canonicalises what Intl knows and refuses the rest', () => {
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    expect(canonicalTimeZone('america/new_york')).toBe('America/New_York');
    expect(canonicalTimeZone('Nowhere/Special')).toBeNull();
    expect(canonicalTimeZone(42)).toBeNull();
  });

  it('offers UTC first, then the IANA zones', () => {
    const zones = timeZoneChoices();
    expect(zones[0]).toBe('UTC');
    expect(zones).toContain('Europe/Berlin');
    expect(new Set(zones).size).toBe(zones.length);
  });
});

describe('flattenSettings', () => {
  it('spreads the ticket number format into plain fields for the audit log', () => {
    expect(flattenSettings({ ticketNumberFormat: { mode: 'random', mask: 'RD-######' }, defaultPageSize: 50, allowedFileTypes: ['.pdf'] })).toEqual({
      'ticketNumberFormat.mode': 'random', 'ticketNumberFormat.mask': 'RD-######', defaultPageSize: 50, allowedFileTypes: ['.pdf'],
    });
  });
});
