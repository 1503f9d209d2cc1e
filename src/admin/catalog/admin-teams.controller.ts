import { Controller, Get, Post, Query, Render, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { staffActor } from '../../audit/audit.service';
import { CurrentAgent } from '../../auth/staff.guard';
import { AppRequest } from '../../common/request-context';
import { IdParam } from '../../scp/dto/id';
import { TeamDirectoryService } from '../../teams/team-directory.service';
import { TeamsService } from '../../teams/teams.service';
import { AgentScope } from '../../tickets/ticket-access';
import { AdminGuard } from '../admin.guard';
import { searchTerm, submitAction, submitForm } from './catalog-forms';
import { TeamDto, toTeamInput } from './dto/team.dto';
import { TeamsPresenter } from './teams.presenter';

const FORM = 'admin/teams/form';

/** /scp/admin/teams: list, create, edit (lead and members), disable/enable and a guarded delete. */
@Controller('scp/admin/teams')
@UseGuards(AdminGuard)
export class AdminTeamsController {
  constructor(
    private readonly teams: TeamsService,
    private readonly directory: TeamDirectoryService,
    private readonly presenter: TeamsPresenter,
  ) {}

  @Get()
  @Render('admin/teams/list')
  async list(@Query('q') q: unknown) {
    const term = searchTerm(q);
    return this.presenter.list(await this.directory.list(term), term);
  }

  @Get('new')
  @Render(FORM)
  async newForm() {
    return this.presenter.form(null, await this.directory.agents([]), this.presenter.values(null));
  }

  @Post()
  create(@CurrentAgent() scope: AgentScope, @Req() req: AppRequest, @Res() res: Response) {
    return submitForm(req, res, TeamDto, {
      run: async (dto) => {
        const team = await this.teams.create(staffActor(scope, req.ip), toTeamInput(dto));
        return { message: `Team “${team.name}” created.`, redirect: this.presenter.editUrl(team.id) };
      },
      rerender: async (body, errors) => ({ view: FORM, vm: this.presenter.form(null, await this.directory.agents([]), this.presenter.submitted(body, errors)) }),
    });
  }

  @Get(':id')
  @Render(FORM)
  async edit(@IdParam() id: number) {
    const detail = await this.directory.detail(id);
    return this.presenter.form(detail, await this.directory.agents(detail.memberIds), this.presenter.values(detail));
  }

  @Post(':id')
  update(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return submitForm(req, res, TeamDto, {
      run: async (dto) => {
        const team = await this.teams.update(staffActor(scope, req.ip), id, toTeamInput(dto));
        return { message: `Team “${team.name}” saved.`, redirect: this.presenter.editUrl(id) };
      },
      rerender: async (body, errors) => {
        const detail = await this.directory.detail(id);
        return { view: FORM, vm: this.presenter.form(detail, await this.directory.agents(detail.memberIds), this.presenter.submitted(body, errors)) };
      },
    });
  }

  @Post(':id/disable')
  disable(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return submitAction(req, res, this.presenter.editUrl(id), async () => {
      const team = await this.teams.setActive(staffActor(scope, req.ip), id, false);
      return { message: `Team “${team.name}” disabled.`, redirect: this.presenter.editUrl(id) };
    });
  }

  @Post(':id/enable')
  enable(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return submitAction(req, res, this.presenter.editUrl(id), async () => {
      const team = await this.teams.setActive(staffActor(scope, req.ip), id, true);
      return { message: `Team “${team.name}” enabled.`, redirect: this.presenter.editUrl(id) };
    });
  }

  @Post(':id/delete')
  delete(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return submitAction(req, res, this.presenter.editUrl(id), async () => {
      const team = await this.teams.delete(staffActor(scope, req.ip), id);
      return { message: `Team “${team.name}” deleted.`, redirect: this.presenter.listUrl() };
    });
  }
}
