import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { HONEYPOT_FIELD, PublicFormGuard } from '../../abuse/public-form-guard.service';
import { AttachmentsService } from '../../attachments/attachments.service';
import { AppRequest } from '../../common/request-context';
import { KbDeflectionsService } from '../kb-deflections.service';
import { KbSearchService } from '../kb-search.service';
import { KbPresenter } from '../pages/kb.presenter';

/** What the open form asked, once it passed validation. */
export interface OpenTicketQuestion {
  subject: string;
  message: string;
  topicId: string;
}

const ID = /^[1-9]\d{0,9}$/;
/**
 * Fields the step never carries over: the CSRF token and the abuse checks are the page's own (a fresh
 * question: the one answered is single-use), the others are the step's buttons.
 */
const STEP_FIELDS = new Set(['_csrf', 'intent', 'solvedArticleId', 'kbSeen', HONEYPOT_FIELD, 'captcha', 'captchaToken']);
const MAX_CARRIED_FIELDS = 60;

/**
 * The deflection step of the portal's "Open a New Ticket" form, for browsers with or without script.
 * A valid submission whose summary matches public articles first shows them ("Did one of these answer
 * your question?") with everything typed kept in the page: "Yes, this solved it" records a deflection
 * and opens no ticket; "No, open my ticket" submits the same data again (files must be attached again:
 * a browser cannot resend them, and the page says so). The portal controller calls `interrupt` once.
 */
@Injectable()
export class DeflectionStep {
  constructor(
    private readonly search: KbSearchService,
    private readonly deflections: KbDeflectionsService,
    private readonly attachments: AttachmentsService,
    private readonly presenter: KbPresenter,
    private readonly guard: PublicFormGuard,
  ) {}

  /** True when it answered the request (the step page, or the redirect after a deflection). */
  async interrupt(req: AppRequest, res: Response, question: OpenTicketQuestion): Promise<boolean> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const solved = body.solvedArticleId;
    if (typeof solved === 'string' && ID.test(solved)) {
      const articleId = Number(solved);
      await this.deflections.record(articleId, question.subject);
      req.flash?.('success', 'Glad it helped! We did not open a ticket. You can always open one if you need us.');
      res.redirect(303, this.presenter.portalArticleUrl(articleId));
      return true;
    }
    // CASE: the user already chose to open it, saw suggestions while typing (script), or a file broke a
    // limit (the form shows that message; the step would lose it).
    if (body.intent === 'open' || body.kbSeen === '1' || req.uploadError) return false;
    const hits = await this.search.search(question.subject, 'public', { limit: 3, topicId: ID.test(question.topicId) ? Number(question.topicId) : null });
    if (hits.length === 0) return false;
    const [limits, challenge] = await Promise.all([this.attachments.limits(), this.guard.challenge()]);
    const vm = this.presenter.deflectStep(hits, carriedFields(body), (req.uploads ?? []).map((u) => u.originalName), limits);
    res.status(200).render('kb/portal/deflect', { ...vm, challenge });
    return true;
  }
}

/** The submitted text fields as name/value pairs for hidden inputs (repeated fields stay repeated). */
export function carriedFields(body: Record<string, unknown>): { name: string; value: string }[] {
  const fields: { name: string; value: string }[] = [];
  for (const [name, value] of Object.entries(body)) {
    if (STEP_FIELDS.has(name)) continue;
    for (const v of Array.isArray(value) ? value : [value]) {
      if (typeof v === 'string' && fields.length < MAX_CARRIED_FIELDS) fields.push({ name, value: v });
    }
  }
  return fields;
}
