import { Controller, Get, Param, Post, Query, Render, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { searchTerm, submitAction, submitForm } from '../admin/catalog/catalog-forms';
import { staffActor } from '../audit/audit.service';
import { CurrentAgent, StaffGuard } from '../auth/staff.guard';
import { AppRequest } from '../common/request-context';
import { OrganizationsService } from '../organizations/organizations.service';
import { AgentScope } from '../tickets/ticket-access';
import { IdParam, parseId } from './dto/id';
import { MemberDto, OrganizationDto, toOrganizationInput } from './dto/organization.dto';
import { ScpOrganizationsPresenter } from './scp-organizations.presenter';

const FORM = 'scp/organizations/form';

/** `?after=`: a cursor is an id or nothing; anything else is a page that does not exist. */
const idCursor = (after: unknown): number | null => (after === undefined || after === '' ? null : parseId(after));

/**
 * /scp/organizations: every agent may list, create, edit and delete organizations and manage their
 * members (osTicket's default); each change is audited by the service.
 */
@Controller('scp/organizations')
@UseGuards(StaffGuard)
export class ScpOrganizationsController {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly presenter: ScpOrganizationsPresenter,
  ) {}

  @Get()
  @Render('scp/organizations/list')
  async list(@Query('q') q: unknown, @Query('after') after: unknown) {
    const term = searchTerm(q);
    const cursor = typeof after === 'string' && after !== '' ? after.slice(0, 128) : null;
    return this.presenter.list(await this.organizations.list(term, cursor), term, cursor);
  }

  @Get('new')
  @Render(FORM)
  newForm() {
    return this.presenter.form(null, this.presenter.values(null), {});
  }

  @Post()
  create(@CurrentAgent() scope: AgentScope, @Req() req: AppRequest, @Res() res: Response) {
    return submitForm(req, res, OrganizationDto, {
      run: async (dto) => {
        const org = await this.organizations.create(staffActor(scope, req.ip), toOrganizationInput(dto));
        return { message: `Organization “${org.name}” created.`, redirect: this.presenter.editUrl(org.id) };
      },
      rerender: async (body, errors) => ({ view: FORM, vm: this.presenter.form(null, this.presenter.submitted(body), errors) }),
    });
  }

  @Get(':id')
  @Render(FORM)
  async edit(@IdParam() id: number, @Query('after') after: unknown) {
    const cursor = idCursor(after);
    const org = await this.organizations.require(id);
    const page = await this.organizations.members(id, cursor);
    return this.presenter.form(org, this.presenter.values(org), {}, { page, after: cursor, email: '' });
  }

  @Post(':id')
  update(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return submitForm(req, res, OrganizationDto, {
      run: async (dto) => {
        const org = await this.organizations.update(staffActor(scope, req.ip), id, toOrganizationInput(dto));
        return { message: `Organization “${org.name}” saved.`, redirect: this.presenter.editUrl(id) };
      },
      rerender: async (body, errors) => {
        const org = await this.organizations.require(id);
        const page = await this.organizations.members(id, null);
        return { view: FORM, vm: this.presenter.form(org, this.presenter.submitted(body), errors, { page, after: null, email: '' }) };
      },
    });
  }

  @Post(':id/members')
  addMember(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return submitForm(req, res, MemberDto, {
      run: async (dto) => {
        const user = await this.organizations.addMember(staffActor(scope, req.ip), id, dto.email);
        return { message: `${user.name} added to the organization.`, redirect: this.presenter.editUrl(id) };
      },
      rerender: async (body, errors) => {
        const org = await this.organizations.require(id);
        const page = await this.organizations.members(id, null);
        const email = typeof body.email === 'string' ? body.email : '';
        return { view: FORM, vm: this.presenter.form(org, this.presenter.values(org), {}, { page, after: null, email, error: errors.email ?? Object.values(errors)[0] }) };
      },
    });
  }

  @Post(':id/members/:userId/remove')
  removeMember(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Param('userId') userId: string, @Req() req: AppRequest, @Res() res: Response) {
    const memberId = parseId(userId, 'member');
    return submitAction(req, res, this.presenter.editUrl(id), async () => {
      const user = await this.organizations.removeMember(staffActor(scope, req.ip), id, memberId);
      return { message: `${user.name} removed from the organization (still a user).`, redirect: this.presenter.editUrl(id) };
    });
  }

  @Post(':id/delete')
  delete(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return submitAction(req, res, this.presenter.editUrl(id), async () => {
      const org = await this.organizations.delete(staffActor(scope, req.ip), id);
      return { message: `Organization “${org.name}” deleted. Its members stay users.`, redirect: this.presenter.listUrl() };
    });
  }
}
