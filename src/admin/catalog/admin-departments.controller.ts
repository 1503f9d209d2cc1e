import { Controller, Get, Post, Query, Render, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { staffActor } from '../../audit/audit.service';
import { CurrentAgent } from '../../auth/staff.guard';
import { AppRequest } from '../../common/request-context';
import { DepartmentDirectoryService } from '../../departments/department-directory.service';
import { DepartmentsService } from '../../departments/departments.service';
import { IdParam } from '../../scp/dto/id';
import { AgentScope } from '../../tickets/ticket-access';
import { AdminGuard } from '../admin.guard';
import { searchTerm, submitAction, submitForm } from './catalog-forms';
import { DepartmentsPresenter } from './departments.presenter';
import { DepartmentDto, toDepartmentInput } from './dto/department.dto';

const FORM = 'admin/departments/form';

/** /scp/admin/departments: list, create, edit, disable/enable and a guarded delete. */
@Controller('scp/admin/departments')
@UseGuards(AdminGuard)
export class AdminDepartmentsController {
  constructor(
    private readonly departments: DepartmentsService,
    private readonly directory: DepartmentDirectoryService,
    private readonly presenter: DepartmentsPresenter,
  ) {}

  @Get()
  @Render('admin/departments/list')
  async list(@Query('q') q: unknown) {
    const term = searchTerm(q);
    return this.presenter.list(await this.directory.list(term), term);
  }

  @Get('new')
  @Render(FORM)
  async newForm() {
    return this.presenter.form(null, await this.directory.choices(null), this.presenter.values(null));
  }

  @Post()
  create(@CurrentAgent() scope: AgentScope, @Req() req: AppRequest, @Res() res: Response) {
    return submitForm(req, res, DepartmentDto, {
      run: async (dto) => {
        const department = await this.departments.create(staffActor(scope, req.ip), toDepartmentInput(dto));
        return { message: `Department “${department.name}” created.`, redirect: this.presenter.editUrl(department.id) };
      },
      rerender: async (body, errors) => ({
        view: FORM, vm: this.presenter.form(null, await this.directory.choices(null), this.presenter.submitted(body, errors)),
      }),
    });
  }

  @Get(':id')
  @Render(FORM)
  async edit(@IdParam() id: number) {
    const detail = await this.directory.detail(id);
    return this.presenter.form(detail, await this.directory.choices(detail.department), this.presenter.values(detail.department));
  }

  @Post(':id')
  update(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return submitForm(req, res, DepartmentDto, {
      run: async (dto) => {
        const department = await this.departments.update(staffActor(scope, req.ip), id, toDepartmentInput(dto));
        return { message: `Department “${department.name}” saved.`, redirect: this.presenter.editUrl(id) };
      },
      rerender: async (body, errors) => {
        const detail = await this.directory.detail(id);
        return { view: FORM, vm: this.presenter.form(detail, await this.directory.choices(detail.department), this.presenter.submitted(body, errors)) };
      },
    });
  }

  @Post(':id/disable')
  disable(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return submitAction(req, res, this.presenter.editUrl(id), async () => {
      const department = await this.departments.setActive(staffActor(scope, req.ip), id, false);
      return { message: `Department “${department.name}” disabled.`, redirect: this.presenter.editUrl(id) };
    });
  }

  @Post(':id/enable')
  enable(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return submitAction(req, res, this.presenter.editUrl(id), async () => {
      const department = await this.departments.setActive(staffActor(scope, req.ip), id, true);
      return { message: `Department “${department.name}” enabled.`, redirect: this.presenter.editUrl(id) };
    });
  }

  @Post(':id/delete')
  delete(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return submitAction(req, res, this.presenter.editUrl(id), async () => {
      const department = await this.departments.delete(staffActor(scope, req.ip), id);
      return { message: `Department “${department.name}” deleted.`, redirect: this.presenter.listUrl() };
    });
  }
}
