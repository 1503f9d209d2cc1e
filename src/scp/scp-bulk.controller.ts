import { Controller, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentAgent, StaffGuard } from '../auth/staff.guard';
import { DomainError } from '../common/errors';
import { parseForm } from '../common/forms';
import { AppRequest } from '../common/request-context';
import { AgentScope } from '../tickets/ticket-access';
import { BulkAction, TicketBulkActionsService } from '../tickets/ticket-queues-bulk.service';
import { BulkActionDto } from './dto/bulk-action.dto';
import { ScpPresenter } from './scp.presenter';

/** The field each bulk action reads its target from, and the message when it is missing. */
const TARGETS = {
  assign: ['staffId', 'Choose an agent to assign the tickets to.'],
  team: ['teamId', 'Choose a team to assign the tickets to.'],
  transfer: ['departmentId', 'Choose a department to transfer the tickets to.'],
  status: ['statusId', 'Choose a status for the tickets.'],
  priority: ['priorityId', 'Choose a priority for the tickets.'],
} as const;

/**
 * POST /scp/bulk: one action on the tickets ticked in a list. Each ticket is checked and changed on its
 * own; the flash on the list says per ticket what happened. Nothing ticked, too many, or no target: one
 * clear message and nothing written.
 */
@Controller('scp/bulk')
@UseGuards(StaffGuard)
export class ScpBulkController {
  constructor(
    private readonly bulk: TicketBulkActionsService,
    private readonly presenter: ScpPresenter,
  ) {}

  @Post()
  async run(@CurrentAgent() scope: AgentScope, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const back = this.presenter.safeNext(body.returnTo) ?? this.presenter.url('/scp/tickets');
    const done = (type: 'error' | 'success' | 'info', message: string) => {
      req.flash?.(type, message);
      res.redirect(303, back);
    };
    const form = parseForm(BulkActionDto, body);
    if (!form.ok) return done('error', Object.values(form.errors)[0]);
    const { ids, action } = form.value;
    if (ids.length === 0) return done('error', 'Select at least one ticket first.');
    const [field, missing] = TARGETS[action as keyof typeof TARGETS];
    const target = form.value[field];
    if (!target) return done('error', missing);
    let outcomes;
    try {
      outcomes = await this.bulk.run(scope, ids.map(Number), { kind: action, [field]: Number(target) } as unknown as BulkAction);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'validation_failed') return done('error', err.message);
      throw err;
    }
    const changed = outcomes.filter((o) => o.ok).length;
    req.flash?.(changed === outcomes.length ? 'success' : changed === 0 ? 'error' : 'info', `${changed} of ${outcomes.length} tickets changed.`);
    for (const o of outcomes) req.flash?.(o.ok ? 'success' : 'error', `${o.number ? `#${o.number}` : `Ticket ${o.ticketId}`}: ${o.message}`);
    res.redirect(303, back);
  }
}
