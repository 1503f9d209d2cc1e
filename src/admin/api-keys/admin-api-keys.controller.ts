import { Controller, Get, Post, Query, Render, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { ApiKeysService } from '../../api-keys/api-keys.service';
import { staffActor } from '../../audit/audit.service';
import { CurrentAgent } from '../../auth/staff.guard';
import { DomainError } from '../../common/errors';
import { parseForm } from '../../common/forms';
import { AppRequest } from '../../common/request-context';
import { FormErrors } from '../../common/view-models';
import { IdParam } from '../../scp/dto/id';
import { AgentScope } from '../../tickets/ticket-access';
import { AdminGuard } from '../admin.guard';
import { AdminApiKeysPresenter, typedApiKeyValues } from './admin-api-keys.presenter';
import { ApiKeyDto } from './api-key.dto';

/** /scp/admin/api-keys: list, create (the key is shown once, on the answer to the POST) and revoke. */
@Controller('scp/admin/api-keys')
@UseGuards(AdminGuard)
export class AdminApiKeysController {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly presenter: AdminApiKeysPresenter,
  ) {}

  @Get()
  @Render('admin/api-keys/index')
  async index(@Query('q') q: unknown) {
    const search = typeof q === 'string' ? q.trim().slice(0, 100) : '';
    return this.presenter.list(await this.keys.list(search), search);
  }

  @Get('new')
  @Render('admin/api-keys/new')
  newForm() {
    return this.presenter.form({ name: '', scopes: [], ipAllowlist: '' });
  }

  /**
   * The key is rendered straight into this response rather than carried to a redirected page: that
   * would mean writing it into the session table, and the database must only ever hold its hash.
   */
  @Post()
  async create(@CurrentAgent() scope: AgentScope, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const parsed = parseForm(ApiKeyDto, body);
    if (!parsed.ok) return this.refuse(res, body, parsed.errors);
    try {
      const { key, plainKey } = await this.keys.create(staffActor(scope, req.ip), parsed.value);
      res.setHeader('Cache-Control', 'no-store');
      res.status(201).render('admin/api-keys/created', this.presenter.created(key, plainKey));
    } catch (err) {
      if (err instanceof DomainError && err.code === 'validation_failed') return this.refuse(res, body, err.fields);
      throw err;
    }
  }

  @Post(':id/revoke')
  async revoke(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const key = await this.keys.revoke(staffActor(scope, req.ip), id);
    req.flash?.('success', `API key “${key.name}” revoked.`);
    res.redirect(303, this.presenter.listUrl());
  }

  private refuse(res: Response, body: Record<string, unknown>, errors: FormErrors): void {
    res.status(422).render('admin/api-keys/new', this.presenter.form(typedApiKeyValues(body), errors));
  }
}
