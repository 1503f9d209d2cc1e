import { ScheduleSpec } from './business-hours';
import { computeSla, SlaInput, SlaPause, SlaPlanSpec, slaTimeline, validateSlaPlan } from './sla-calculator';

// January 2026 in New York (-05:00): Mon 5 .. Fri 9, Sat 10, Sun 11, Mon 12.
const ny = (local: string): Date => new Date(`${local}-05:00`);
const office: ScheduleSpec = {
  timezone: 'America/New_York',
  weeklyHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute: 480, endMinute: 1020 })),
  holidays: [],
};
const plan: SlaPlanSpec = { firstResponseHours: 4, resolutionHours: 18, schedule: office };
const pause = (start: string, end: string | null): SlaPause => ({ start: ny(start), end: end === null ? null : ny(end) });
const input = (patch: Partial<SlaInput> = {}): SlaInput => ({
  plan,
  startedAt: ny('2026-01-05T09:00'),
  pauses: [],
  firstRespondedAt: null,
  resolvedAt: null,
  now: ny('2026-01-05T10:00'),
  ...patch,
});

describe('computeSla due dates', () => {
  it('counts business hours from the start: 4 h and 18 h on Mon-Fri 8-17', () => {
    const result = computeSla(input());
    expect(result.firstResponse).toMatchObject({ dueAt: ny('2026-01-05T13:00'), remainingMinutes: 180, breached: false, metAt: null });
    // Mon 9-17 (8 h) + Tue 8-17 (9 h) + Wed 8-9 (1 h).
    expect(result.resolution).toMatchObject({ dueAt: ny('2026-01-07T09:00'), remainingMinutes: 1020, breached: false });
    expect(result).toMatchObject({ isPaused: false, effectiveDueAt: ny('2026-01-07T09:00'), isOverdue: false });
  });

  it.each([
    ['before opening', '2026-01-05T06:00', '2026-01-05T12:00', '2026-01-06T17:00'],
    ['after closing', '2026-01-05T18:00', '2026-01-06T12:00', '2026-01-07T17:00'],
    ['on a Saturday', '2026-01-10T10:00', '2026-01-12T12:00', '2026-01-13T17:00'],
  ])('a ticket created %s starts counting at the next opening', (_case, startedAt, firstDue, resolutionDue) => {
    const result = computeSla(input({ startedAt: ny(startedAt), now: ny(startedAt) }));
    expect(result.firstResponse?.dueAt).toEqual(ny(firstDue));
    expect(result.resolution.dueAt).toEqual(ny(resolutionDue));
    expect(result.resolution.remainingMinutes).toBe(18 * 60);
  });

  it('has no first-response target when the plan sets none', () => {
    expect(computeSla(input({ plan: { ...plan, firstResponseHours: null } })).firstResponse).toBeNull();
  });

  it('counts calendar time when the plan has no schedule', () => {
    const calendar = { ...plan, schedule: null };
    const result = computeSla(input({ plan: calendar, startedAt: ny('2026-01-10T10:00'), now: ny('2026-01-10T10:00') }));
    expect(result.firstResponse?.dueAt).toEqual(ny('2026-01-10T14:00'));
    expect(result.resolution.dueAt).toEqual(ny('2026-01-11T04:00'));
    const paused = computeSla(
      input({ plan: calendar, startedAt: ny('2026-01-10T10:00'), pauses: [pause('2026-01-10T11:00', '2026-01-10T12:30')], now: ny('2026-01-10T13:00') }),
    );
    expect(paused.firstResponse?.dueAt).toEqual(ny('2026-01-10T15:30'));
  });

  // CASE: hours are wall-clock but elapsed time is real: 24 h across spring-forward ends at 13:00 local, not 12:00.
  it('a 24/7 schedule across a DST change counts real hours', () => {
    const always: ScheduleSpec = { timezone: 'America/New_York', weeklyHours: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, startMinute: 0, endMinute: 1440 })), holidays: [] };
    const started = new Date('2026-03-07T12:00-05:00');
    const result = computeSla(input({ plan: { firstResponseHours: null, resolutionHours: 24, schedule: always }, startedAt: started, now: started }));
    expect(result.resolution.dueAt).toEqual(new Date('2026-03-08T13:00-04:00'));
  });
});

describe('met and breached', () => {
  it.each([
    ['responded before the due time', '2026-01-05T12:59', '2026-01-05T15:00', { metAt: ny('2026-01-05T12:59'), breached: false, breachedAt: null, remainingMinutes: null }],
    ['responded exactly at the due time', '2026-01-05T13:00', '2026-01-05T15:00', { metAt: ny('2026-01-05T13:00'), breached: false, breachedAt: null }],
    ['responded one minute late', '2026-01-05T13:01', '2026-01-05T15:00', { metAt: null, breached: true, breachedAt: ny('2026-01-05T13:00') }],
    ['no response yet, still in time', null, '2026-01-05T12:00', { metAt: null, breached: false, remainingMinutes: 60 }],
    ['no response, past due', null, '2026-01-05T14:00', { metAt: null, breached: true, breachedAt: ny('2026-01-05T13:00'), remainingMinutes: -60 }],
    ['a response recorded after now does not count yet', '2026-01-05T12:00', '2026-01-05T11:00', { metAt: null, remainingMinutes: 120 }],
  ])('first response: %s', (_case, respondedAt, now, expected) => {
    const result = computeSla(input({ firstRespondedAt: respondedAt ? ny(respondedAt) : null, now: ny(now) }));
    expect(result.firstResponse).toMatchObject({ dueAt: ny('2026-01-05T13:00'), ...expected });
  });

  it.each([
    ['resolved in time', '2026-01-06T15:00', '2026-01-08T10:00', false, false],
    ['resolved late', '2026-01-07T09:30', '2026-01-08T10:00', true, false],
    ['open and past due', null, '2026-01-07T09:01', true, true],
  ])('resolution: %s', (_case, resolvedAt, now, breached, overdue) => {
    const result = computeSla(input({ resolvedAt: resolvedAt ? ny(resolvedAt) : null, now: ny(now) }));
    expect(result.resolution.breached).toBe(breached);
    expect(result.resolution.metAt).toEqual(resolvedAt && !breached ? ny(resolvedAt) : null);
    expect(result.isOverdue).toBe(overdue);
  });
});

describe('pauses', () => {
  it.each([
    // 1 h inside working hours moves both targets by 1 h.
    ['inside working hours', [pause('2026-01-05T10:00', '2026-01-05T11:00')], '2026-01-05T14:00', '2026-01-07T10:00'],
    // Mon 16-17 and Tue 8-9 are working time inside the pause; the night is not.
    ['across the night', [pause('2026-01-05T16:00', '2026-01-06T09:00')], '2026-01-05T13:00', '2026-01-07T11:00'],
    ['only during the night', [pause('2026-01-05T17:30', '2026-01-06T07:30')], '2026-01-05T13:00', '2026-01-07T09:00'],
    ['overlapping pauses count once', [pause('2026-01-05T10:00', '2026-01-05T11:00'), pause('2026-01-05T10:30', '2026-01-05T11:30')], '2026-01-05T14:30', '2026-01-07T10:30'],
  ])('a pause %s removes only its working minutes', (_case, pauses, firstDue, resolutionDue) => {
    const result = computeSla(input({ pauses, now: ny('2026-01-12T08:00') }));
    expect(result.firstResponse?.dueAt).toEqual(ny(firstDue));
    expect(result.resolution.dueAt).toEqual(ny(resolutionDue));
    expect(result.isPaused).toBe(false);
  });

  it.each([
    ['right after the pause began', '2026-01-05T11:05'],
    ['a day later', '2026-01-06T15:00'],
    ['a week later', '2026-01-12T15:00'],
  ])('while still paused the due is unknown and the remaining time frozen (%s)', (_case, now) => {
    const result = computeSla(input({ pauses: [pause('2026-01-05T11:00', null)], now: ny(now) }));
    expect(result.isPaused).toBe(true);
    expect(result.firstResponse).toMatchObject({ dueAt: null, breached: false, remainingMinutes: 120 });
    expect(result.resolution).toMatchObject({ dueAt: null, breached: false, remainingMinutes: 18 * 60 - 120 });
    expect(result).toMatchObject({ effectiveDueAt: null, isOverdue: false });
  });

  it('resuming a still-open pause gives a due date again', () => {
    const result = computeSla(input({ pauses: [pause('2026-01-05T11:00', '2026-01-06T11:00')], now: ny('2026-01-06T11:00') }));
    // Paused working time: Mon 11-17 (6 h) + Tue 8-11 (3 h) = 9 h.
    expect(result.firstResponse?.dueAt).toEqual(ny('2026-01-06T13:00'));
    expect(result.resolution.dueAt).toEqual(ny('2026-01-08T09:00'));
    expect(result.isPaused).toBe(false);
  });

  // CASE: a target already breached before the pause stays breached with its known due date.
  it('a pause after the due time keeps the breach', () => {
    const result = computeSla(input({ pauses: [pause('2026-01-05T14:00', null)], now: ny('2026-01-06T10:00') }));
    expect(result.firstResponse).toMatchObject({ dueAt: ny('2026-01-05T13:00'), breached: true, remainingMinutes: -60 });
    expect(result.resolution.dueAt).toBeNull();
  });
});

describe('reopen, plan change and manual due date', () => {
  // Resolved Mon 12:00 after 3 working hours, reopened Wed 10:00.
  it('a reopened ticket counts from the original start, the closed period passed as a pause', () => {
    const reopened = computeSla(input({ pauses: [pause('2026-01-05T12:00', '2026-01-07T10:00')], now: ny('2026-01-07T10:00') }));
    // 15 h left: Wed 10-17 (7 h) + Thu 8-16 (8 h).
    expect(reopened.resolution).toMatchObject({ dueAt: ny('2026-01-08T16:00'), breached: false, remainingMinutes: 15 * 60 });
    expect(reopened.isOverdue).toBe(false);
    // Without the pause the closed days would count and the ticket would be overdue at once.
    const uncovered = computeSla(input({ now: ny('2026-01-07T10:00') }));
    expect(uncovered).toMatchObject({ isOverdue: true, effectiveDueAt: ny('2026-01-07T09:00') });
  });

  it('a resolved ticket with its closed period paused is met and not overdue', () => {
    const result = computeSla(
      input({ resolvedAt: ny('2026-01-05T12:00'), pauses: [pause('2026-01-05T12:00', null)], now: ny('2026-01-09T12:00') }),
    );
    expect(result.resolution).toMatchObject({ dueAt: ny('2026-01-07T09:00'), metAt: ny('2026-01-05T12:00'), breached: false, remainingMinutes: null });
    expect(result).toMatchObject({ isPaused: true, isOverdue: false });
  });

  it.each([
    ['the 18 h plan', 18, ny('2026-01-06T17:00'), false, 780],
    ['the 4 h plan (overdue at once)', 4, ny('2026-01-05T12:00'), true, -60],
  ])('a plan change recomputes from the same start: %s', (_case, resolutionHours, dueAt, overdue, remaining) => {
    const result = computeSla(
      input({ plan: { ...plan, firstResponseHours: null, resolutionHours }, startedAt: ny('2026-01-05T08:00'), now: ny('2026-01-05T13:00') }),
    );
    expect(result.resolution).toMatchObject({ dueAt, breached: overdue, remainingMinutes: remaining });
    expect(result.isOverdue).toBe(overdue);
  });

  it.each([
    ['a later manual date lifts the overdue', '2026-01-09T17:00', [], '2026-01-08T10:00', false],
    ['an earlier manual date makes it overdue', '2026-01-05T11:00', [], '2026-01-05T12:00', true],
    ['a manual date keeps counting while paused', '2026-01-05T11:00', [pause('2026-01-05T10:00', null)], '2026-01-05T12:00', true],
  ])('manual due date wins: %s', (_case, manual, pauses, now, overdue) => {
    const result = computeSla(input({ manualDueAt: ny(manual), pauses, now: ny(now) }));
    expect(result.effectiveDueAt).toEqual(ny(manual));
    expect(result.isOverdue).toBe(overdue);
  });
});

describe('slaTimeline', () => {
  it('tells the story in time order', () => {
    const events = slaTimeline(
      input({
        firstRespondedAt: ny('2026-01-05T12:00'),
        pauses: [pause('2026-01-05T14:00', '2026-01-05T15:00')],
        resolvedAt: ny('2026-01-07T12:00'),
        now: ny('2026-01-07T12:00'),
      }),
    );
    expect(events.map((e) => [e.at, e.kind, e.note])).toEqual([
      [ny('2026-01-05T09:00'), 'started', 'SLA clock started'],
      [ny('2026-01-05T12:00'), 'first_response_met', 'First response sent in time'],
      [ny('2026-01-05T13:00'), 'first_response_due', 'First response due'],
      [ny('2026-01-05T14:00'), 'paused', 'Clock paused'],
      [ny('2026-01-05T15:00'), 'resumed', 'Clock resumed after 1 h'],
      [ny('2026-01-07T10:00'), 'resolution_due', 'Resolution due'],
      [ny('2026-01-07T10:00'), 'resolution_breached', 'Resolution target missed'],
    ]);
  });

  it('shows a running pause without a resume and without unknown due dates', () => {
    const events = slaTimeline(input({ pauses: [pause('2026-01-05T10:00', null)], now: ny('2026-01-06T10:00') }));
    expect(events.map((e) => e.kind)).toEqual(['started', 'paused']);
  });

  it('shows a future due date and a missed first response', () => {
    const events = slaTimeline(input({ now: ny('2026-01-05T14:00') }));
    expect(events.map((e) => e.kind)).toEqual(['started', 'first_response_due', 'first_response_breached', 'resolution_due']);
  });
});

describe('validateSlaPlan', () => {
  it.each([
    ['both targets', { firstResponseHours: 4, resolutionHours: 18 }],
    ['no first-response target', { firstResponseHours: null, resolutionHours: 18 }],
    ['equal targets', { firstResponseHours: 8, resolutionHours: 8 }],
  ])('accepts %s', (_case, p) => {
    expect(validateSlaPlan(p)).toEqual({});
  });

  it.each([
    ['zero resolution', { firstResponseHours: null, resolutionHours: 0 }, 'resolutionHours', /whole number of hours/],
    ['negative resolution', { firstResponseHours: null, resolutionHours: -4 }, 'resolutionHours', /whole number/],
    ['fractional resolution', { firstResponseHours: null, resolutionHours: 1.5 }, 'resolutionHours', /whole number/],
    ['absurd resolution', { firstResponseHours: null, resolutionHours: 100_000 }, 'resolutionHours', /1 to 8760/],
    ['zero first response', { firstResponseHours: 0, resolutionHours: 18 }, 'firstResponseHours', /whole number/],
    ['negative first response', { firstResponseHours: -1, resolutionHours: 18 }, 'firstResponseHours', /whole number/],
    ['first response longer than resolution', { firstResponseHours: 24, resolutionHours: 18 }, 'firstResponseHours', /cannot be longer/],
  ])('rejects %s', (_case, p, field, message) => {
    expect(validateSlaPlan(p)).toEqual({ [field]: expect.stringMatching(message) });
  });
});
