import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, ErrorCode } from '../common/errors';
import { parseForm } from '../common/forms';
import { AppRequest } from '../common/request-context';
import { Flash, FormErrors } from '../common/view-models';
import { AgentScope } from '../tickets/ticket-access';
import { TicketViewService } from '../tickets/ticket-view.service';
import { ScpPages } from './scp-pages.service';
import { SCP_LAYOUT, ScpPresenter, TicketFormName } from './scp.presenter';

export type TicketActionForm = TicketFormName | 'assign' | 'team' | 'release' | 'transfer' | 'priority' | 'topic' | 'sla' | 'due' | 'merge' | 'link';

export interface TicketAction<T> {
  form: TicketActionForm;
  dto: new () => T;
  /** Runs the one service call and returns the success message. */
  run: (value: T) => Promise<string>;
}

/** Fields each form's template shows an error beside; any other error goes into an error flash on the page. */
const SHOWN_FIELDS: Record<TicketFormName, string[]> = {
  reply: ['message', 'statusId', 'attachments', 'appendSignature'],
  note: ['title', 'message', 'statusId', 'attachments'],
  status: ['statusId', 'comment'],
  merge: ['tickets'],
  link: ['number', 'reason'],
};

/** Refusals a person can act on from the ticket page: back to it with the reason (not an error page). */
const REFUSALS: ErrorCode[] = ['invalid_transition', 'forbidden', 'conflict'];

/**
 * The one way a ticket form is answered: bad input or a `validation_failed` from the service re-renders
 * the ticket page with 422 and the typed values kept; a stale form (someone wrote to the thread since
 * the page was built) re-renders it with 409, the new entries highlighted and the draft kept, so a second
 * submit posts; a refusal goes back to the ticket (303) with an error flash; success goes back with a
 * success flash, or to the queue when the action took the ticket out of the agent's reach (a transfer
 * to a department they do not work, say). Anything else (404, ...) reaches the global filter.
 */
@Injectable()
export class ScpTicketResponder {
  constructor(
    private readonly pages: ScpPages,
    private readonly presenter: ScpPresenter,
    private readonly view: TicketViewService,
  ) {}

  async handle<T extends object>(scope: AgentScope, ticketId: number, req: AppRequest, res: Response, action: TicketAction<T>): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const parsed = parseForm(action.dto, body);
    if (!parsed.ok) return this.rerender(scope, ticketId, res, action.form, body, parsed.errors);
    try {
      req.flash?.('success', await action.run(parsed.value));
      if (!(await this.stillVisible(scope, ticketId))) {
        req.flash?.('info', 'You no longer have access to that ticket.');
        return res.redirect(303, this.presenter.url('/scp/tickets'));
      }
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      if (err.code === 'validation_failed') {
        const errors = Object.keys(err.fields).length > 0 ? err.fields : { [action.form]: err.message };
        return this.rerender(scope, ticketId, res, action.form, body, errors);
      }
      if (err.code === 'stale_form') return this.rerender(scope, ticketId, res, action.form, body, { [action.form]: err.message }, 409);
      if (!REFUSALS.includes(err.code)) throw err;
      req.flash?.('error', err.message);
    }
    res.redirect(303, this.presenter.ticketUrl(ticketId));
  }

  private async stillVisible(scope: AgentScope, ticketId: number): Promise<boolean> {
    return this.view.visibleToAgent(scope, ticketId).then(() => true, (err: unknown) => {
      if (err instanceof DomainError && err.code === 'not_found') return false;
      throw err;
    });
  }

  private async rerender(scope: AgentScope, ticketId: number, res: Response, form: TicketActionForm, body: Record<string, unknown>, errors: FormErrors, status = 422): Promise<void> {
    const shown = form in SHOWN_FIELDS ? SHOWN_FIELDS[form as TicketFormName] : [];
    const formErrors = Object.fromEntries(Object.entries(errors).filter(([field]) => shown.includes(field)));
    const elsewhere = [...new Set(Object.entries(errors).filter(([field]) => !shown.includes(field)).map(([, message]) => message))];
    const vm = await this.pages.ticket(scope, ticketId, {
      openForm: form,
      form: form in SHOWN_FIELDS ? { name: form as TicketFormName, values: stringValues(body), errors: formErrors } : undefined,
      seenEntryId: status === 409 ? seenEntryId(body) : undefined,
    });
    const flash: Flash[] = [...((res.locals.flash as Flash[] | undefined) ?? []), ...elsewhere.map((message) => ({ type: 'error' as const, message }))];
    res.status(status).render('scp/ticket', { ...vm, flash, layout: SCP_LAYOUT });
  }
}

/** The typed values to put back in the form: strings only (a repeated field or an object is dropped). */
function stringValues(body: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** The lastEntryId a stale form carried (the entries after it are the ones to highlight). */
export function seenEntryId(body: Record<string, unknown>): number | undefined {
  const value = body.lastEntryId;
  return typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : undefined;
}
