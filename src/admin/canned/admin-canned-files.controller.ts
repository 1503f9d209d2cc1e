import { Controller, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { staffActor } from '../../audit/audit.service';
import { CurrentAgent } from '../../auth/staff.guard';
import { CannedFilesService } from '../../canned/canned-files.service';
import { CannedResponsesService } from '../../canned/canned.service';
import { DomainError } from '../../common/errors';
import { AppRequest } from '../../common/request-context';
import { IdParam } from '../../scp/dto/id';
import { AgentScope } from '../../tickets/ticket-access';
import { AdminGuard } from '../admin.guard';
import { AdminCannedPresenter } from './admin-canned.presenter';

/**
 * /scp/admin/canned/:id/files: the files a canned response carries onto replies. Upload (multipart,
 * attachment limits) and remove; a refused upload re-renders the edit page with 422 and the reason.
 */
@Controller('scp/admin/canned/:id/files')
@UseGuards(AdminGuard)
export class AdminCannedFilesController {
  constructor(
    private readonly canned: CannedResponsesService,
    private readonly files: CannedFilesService,
    private readonly presenter: AdminCannedPresenter,
  ) {}

  @Post()
  async upload(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    try {
      const added = await this.files.add(staffActor(scope, req.ip), id, req.uploads ?? [], req.uploadError);
      req.flash?.('success', added === 1 ? 'File attached.' : `${added} files attached.`);
      res.redirect(303, this.presenter.url(`/${id}`));
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'validation_failed') throw err;
      const [response, departments, files] = await Promise.all([this.canned.get(id), this.canned.departmentChoices(), this.files.list(id)]);
      res.status(422).render('admin/canned/form', this.presenter.form(departments, this.presenter.values(response), {}, response, files, err.message));
    }
  }

  @Post(':fileId/delete')
  async remove(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @IdParam('fileId') fileId: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const removed = await this.files.remove(staffActor(scope, req.ip), id, fileId);
    req.flash?.('success', `Removed “${removed.fileName}”.`);
    res.redirect(303, this.presenter.url(`/${id}`));
  }
}
