import { DomainError } from '../../common/errors';
import { clockText, parseClock, parseScheduleForm, ScheduleDto, withTableRows } from './schedule-form';
import { hoursSummary } from './schedules.presenter';

const dto = (fields: Partial<ScheduleDto>): ScheduleDto => Object.assign(new ScheduleDto(), { name: 'Office', timezone: 'UTC', ...fields });

describe('schedule form', () => {
  it.each([['8', 480], ['08:00', 480], ['17:30', 1050], ['24:00', 1440], ['0', 0], [' 9:05 ', 545]])('reads %p as %p minutes', (text, minutes) => {
    expect(parseClock(text)).toBe(minutes);
  });

  it.each(['', '24:30', '25:00', '8:60', '8am', '-1', '08:00:00'])('refuses %p', (text) => expect(parseClock(text)).toBeNull());

  it('writes minutes back as HH:MM', () => {
    expect([clockText(480), clockText(1050), clockText(1440), clockText(null)]).toEqual(['08:00', '17:30', '24:00', '']);
  });

  it('skips blank rows and remembers where each kept row sat in the table', () => {
    const parsed = parseScheduleForm(dto({
      weekday: ['1', '', '2'], start: ['08:00', '', '9'], end: ['12:00', '', '17:00'],
      holidayName: ['', 'Eve'], holidayDate: ['', '2026-12-24'], holidayRepeat: ['once', 'yearly'], holidayStart: ['', '12:00'], holidayEnd: ['', '24:00'],
    }));
    expect(parsed.input.weeklyHours).toEqual([{ weekday: 1, startMinute: 480, endMinute: 720 }, { weekday: 2, startMinute: 540, endMinute: 1020 }]);
    expect(parsed.input.holidays).toEqual([{ name: 'Eve', date: '2026-12-24', isYearly: true, startMinute: 720, endMinute: 1440 }]);
    expect(parsed).toMatchObject({ hourRows: [0, 2], holidayRows: [1] });
  });

  it('names the row of a text that is not a time or a weekday', () => {
    const err = (() => {
      try {
        parseScheduleForm(dto({ weekday: ['1', '', '3'], start: ['08:00', '9', '8'], end: ['noon', '10', '9'] }));
      } catch (e) {
        return e as DomainError;
      }
    })();
    expect(err?.fields).toEqual({
      'weeklyHours.0': 'Enter the start and end as times like 08:00 and 17:00 (24:00 for midnight).',
      'weeklyHours.1': 'Choose a weekday.',
    });
  });

  it('renumbers the service\'s row messages to the submitted rows', async () => {
    const parsed = parseScheduleForm(dto({ weekday: ['', '1', '', '1'], start: ['', '08:00', '', '11:00'], end: ['', '12:00', '', '13:00'] }));
    const failing = () => Promise.reject(new DomainError('validation_failed', 'Check', { 'weeklyHours.1': 'Overlaps another window on Monday.', timezone: 'Unknown' }));
    await expect(withTableRows(parsed, failing)).rejects.toMatchObject({ fields: { 'weeklyHours.3': 'Overlaps another window on Monday.', timezone: 'Unknown' } });
  });

  it('summarises weekly hours by runs of days with the same windows', () => {
    const weekdays = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute: 480, endMinute: 1020 }));
    expect(hoursSummary(weekdays)).toBe('Mon-Fri 08:00-17:00');
    expect(hoursSummary([...weekdays, { weekday: 6, startMinute: 540, endMinute: 720 }, { weekday: 1, startMinute: 1080, endMinute: 1200 }]))
      .toBe('Mon 08:00-17:00, 18:00-20:00; Tue-Fri 08:00-17:00; Sat 09:00-12:00');
    expect(hoursSummary([0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, startMinute: 0, endMinute: 1440 })))).toBe('Mon-Sun 00:00-24:00');
  });
});
