import { ArrayMaxSize, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { DomainError } from '../../common/errors';
import { StringList, Trim } from '../../common/form-transforms';
import { HolidaySpec, WeeklyHoursSpec } from '../../sla/business-hours';
import { ScheduleInput } from '../../sla/schedules-admin.service';

const MAX_ROWS = 400;

/**
 * POST /scp/admin/schedules and /scp/admin/schedules/:id. Rows arrive as parallel lists, one entry per row
 * of the table (every row posts every field, blank ones included, so positions line up): weekly hours
 * weekday/start/end, holidays holidayName/holidayDate/holidayRepeat (once|yearly)/holidayStart/holidayEnd.
 */
export class ScheduleDto {
  @Trim()
  @IsString({ message: 'Enter a name.' })
  @IsNotEmpty({ message: 'Enter a name.' })
  @MaxLength(120, { message: 'The name is too long (at most 120 characters).' })
  name: string;

  @Trim()
  @IsString({ message: 'Enter a time zone such as America/New_York.' })
  @IsNotEmpty({ message: 'Enter a time zone such as America/New_York.' })
  @MaxLength(64, { message: 'Enter a time zone such as America/New_York.' })
  timezone: string;

  @StringList() @ArrayMaxSize(MAX_ROWS) @IsString({ each: true }) weekday: string[] = [];
  @StringList() @ArrayMaxSize(MAX_ROWS) @IsString({ each: true }) start: string[] = [];
  @StringList() @ArrayMaxSize(MAX_ROWS) @IsString({ each: true }) end: string[] = [];
  @StringList() @ArrayMaxSize(MAX_ROWS) @IsString({ each: true }) holidayName: string[] = [];
  @StringList() @ArrayMaxSize(MAX_ROWS) @IsString({ each: true }) holidayDate: string[] = [];
  @StringList() @ArrayMaxSize(MAX_ROWS) @IsString({ each: true }) holidayRepeat: string[] = [];
  @StringList() @ArrayMaxSize(MAX_ROWS) @IsString({ each: true }) holidayStart: string[] = [];
  @StringList() @ArrayMaxSize(MAX_ROWS) @IsString({ each: true }) holidayEnd: string[] = [];
}

/** The schedule input, and for each kept row the position it had in the submitted table. */
export interface ParsedSchedule {
  input: ScheduleInput;
  hourRows: number[];
  holidayRows: number[];
}

const TIME = /^(\d{1,2})(?::(\d{2}))?$/;

/** "8", "08:00", "17:30", "24:00" -> minutes after midnight; null when it is not such a time. */
export function parseClock(text: string): number | null {
  const m = TIME.exec(text.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2] ?? 0);
  if (min > 59 || h > 24 || (h === 24 && min !== 0)) return null;
  return h * 60 + min;
}

/** Minutes after midnight as "HH:MM". */
export const clockText = (minutes: number | null): string =>
  minutes === null ? '' : `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

const cell = (list: string[], i: number) => (list[i] ?? '').trim();

/**
 * The table's rows as a schedule; blank rows are skipped. Text that is not a time or a weekday is a 422
 * naming its row (`weeklyHours.<row>`, `holidays.<row>.<field>`), like the rules the service checks.
 */
export function parseScheduleForm(dto: ScheduleDto): ParsedSchedule {
  const errors: Record<string, string> = {};
  const weeklyHours: WeeklyHoursSpec[] = [];
  const hourRows: number[] = [];
  const hourCount = Math.max(dto.weekday.length, dto.start.length, dto.end.length);
  for (let i = 0; i < hourCount; i++) {
    const [weekday, start, end] = [cell(dto.weekday, i), cell(dto.start, i), cell(dto.end, i)];
    if (start === '' && end === '') continue;
    const startMinute = parseClock(start);
    const endMinute = parseClock(end);
    if (!/^[0-6]$/.test(weekday)) errors[`weeklyHours.${i}`] = 'Choose a weekday.';
    else if (startMinute === null || endMinute === null) errors[`weeklyHours.${i}`] = 'Enter the start and end as times like 08:00 and 17:00 (24:00 for midnight).';
    else {
      weeklyHours.push({ weekday: Number(weekday), startMinute, endMinute });
      hourRows.push(i);
    }
  }
  const holidays: HolidaySpec[] = [];
  const holidayRows: number[] = [];
  const holidayCount = Math.max(dto.holidayName.length, dto.holidayDate.length, dto.holidayStart.length, dto.holidayEnd.length);
  for (let i = 0; i < holidayCount; i++) {
    const [name, date, start, end] = [cell(dto.holidayName, i), cell(dto.holidayDate, i), cell(dto.holidayStart, i), cell(dto.holidayEnd, i)];
    if (name === '' && date === '' && start === '' && end === '') continue;
    const startMinute = start === '' ? null : parseClock(start);
    const endMinute = end === '' ? null : parseClock(end);
    if (name.length > 120) errors[`holidays.${i}.name`] = 'The name is too long (at most 120 characters).';
    else if ((start !== '' && startMinute === null) || (end !== '' && endMinute === null)) {
      errors[`holidays.${i}.startMinute`] = 'Enter the closed hours as times like 12:00 and 17:00, or leave both empty for the whole day.';
    } else {
      holidays.push({ name, date, isYearly: cell(dto.holidayRepeat, i) === 'yearly', startMinute, endMinute });
      holidayRows.push(i);
    }
  }
  if (Object.keys(errors).length > 0) throw new DomainError('validation_failed', 'Check the highlighted fields.', errors);
  return { input: { name: dto.name, timezone: dto.timezone, weeklyHours, holidays }, hourRows, holidayRows };
}

/**
 * Runs the service call; its row messages (numbered over the kept rows) are renumbered to the rows of the
 * submitted table, so each shows beside the row it is about.
 */
export async function withTableRows<T>(parsed: ParsedSchedule, run: (input: ScheduleInput) => Promise<T>): Promise<T> {
  try {
    return await run(parsed.input);
  } catch (err) {
    if (!(err instanceof DomainError) || err.code !== 'validation_failed') throw err;
    const fields = Object.fromEntries(Object.entries(err.fields).map(([key, message]) => [renumber(key, parsed), message]));
    throw new DomainError('validation_failed', err.message, fields);
  }
}

function renumber(key: string, parsed: ParsedSchedule): string {
  const m = /^(weeklyHours|holidays)\.(\d+)(.*)$/.exec(key);
  if (!m) return key;
  const rows = m[1] === 'weeklyHours' ? parsed.hourRows : parsed.holidayRows;
  return `${m[1]}.${rows[Number(m[2])] ?? m[2]}${m[3]}`;
}
