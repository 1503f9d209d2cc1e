import { TimelineEvent } from './sla-calculator';
import { withReasons } from './sla-timeline.service';
import { TicketSlaPause } from './ticket-sla-pause.entity';

const at = (iso: string) => new Date(`2026-12-07T${iso}:00Z`);
const pause = (start: string, end: string | null, reason: string) => Object.assign(new TicketSlaPause(), { startedAt: at(start), endedAt: end ? at(end) : null, reason });

describe('SLA timeline reasons', () => {
  it('names the statuses that held the clock in each paused stretch, merged ones together', () => {
    const events: TimelineEvent[] = [
      { at: at('08:00'), kind: 'started', note: 'SLA clock started' },
      { at: at('09:00'), kind: 'paused', note: 'Clock paused' },
      { at: at('10:00'), kind: 'resumed', note: 'Clock resumed after 1 h' },
      { at: at('11:00'), kind: 'paused', note: 'Clock paused' },
      { at: at('15:00'), kind: 'resolution_due', note: 'Resolution due' },
    ];
    const pauses = [pause('09:00', '10:00', 'Awaiting Response'), pause('11:00', '12:00', 'Awaiting Response'), pause('12:00', null, 'Resolved')];
    expect(withReasons(events, pauses).map((e) => e.note)).toEqual([
      'SLA clock started', 'Clock paused: Awaiting Response', 'Clock resumed after 1 h (Awaiting Response)',
      'Clock paused: Awaiting Response, then Resolved', 'Resolution due',
    ]);
  });
});
