import { Controller, Get, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { staffActor } from '../../audit/audit.service';
import { CurrentAgent } from '../../auth/staff.guard';
import { parseForm } from '../../common/forms';
import { AppRequest } from '../../common/request-context';
import { FormErrors } from '../../common/view-models';
import { FieldType, FieldVisibility, parseChoices } from '../../forms/field-values';
import { FieldInput, FormsService } from '../../forms/forms.service';
import { IdParam } from '../../scp/dto/id';
import { AgentScope } from '../../tickets/ticket-access';
import { AdminGuard } from '../admin.guard';
import { FieldDto } from './dto/form.dto';
import { asRecord, conflictMessage, sortNumber, validationErrors } from './form-values';
import { FormPageState, FormsPresenter } from './forms.presenter';

const toInput = (dto: FieldDto): FieldInput => ({
  name: dto.name, label: dto.label, type: dto.type as FieldType, choices: parseChoices(dto.choices), isRequired: dto.isRequired,
  visibility: dto.visibility as FieldVisibility, userEditable: dto.userEditable, sort: sortNumber(dto.sort), isActive: dto.isActive,
});

/** The reorder form's `sort_<fieldId>` inputs: field id -> sort number, or the inputs that are not 0-9999. */
function readOrder(body: unknown): { sorts: Map<number, number>; errors: FormErrors } {
  const sorts = new Map<number, number>();
  const errors: FormErrors = {};
  for (const [key, value] of Object.entries(asRecord(body))) {
    const id = /^sort_([1-9]\d{0,9})$/.exec(key)?.[1];
    if (!id) continue;
    if (typeof value === 'string' && /^\d{1,4}$/.test(value.trim())) sorts.set(Number(id), Number(value.trim()));
    else errors[key] = 'Sort order must be a whole number from 0 to 9999.';
  }
  return { sorts, errors };
}

/** /scp/admin/forms/:formId/fields: adding, changing, reordering and removing a form's fields. */
@Controller('scp/admin/forms/:formId/fields')
@UseGuards(AdminGuard)
export class AdminFormFieldsController {
  constructor(
    private readonly forms: FormsService,
    private readonly presenter: FormsPresenter,
  ) {}

  @Post()
  async add(@CurrentAgent() scope: AgentScope, @IdParam('formId') formId: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const dto = parseForm(FieldDto, req.body);
    if (!dto.ok) return this.renderForm(res, formId, { newField: { body: req.body, errors: dto.errors } });
    try {
      const field = await this.forms.addField(staffActor(scope, req.ip), formId, toInput(dto.value));
      req.flash?.('success', `Field “${field.label}” added.`);
      res.redirect(303, this.presenter.url(`/${formId}`));
    } catch (err) {
      await this.renderForm(res, formId, { newField: { body: req.body, errors: validationErrors(err, 'label') } });
    }
  }

  @Post('order')
  async reorder(@CurrentAgent() scope: AgentScope, @IdParam('formId') formId: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const { sorts, errors } = readOrder(req.body);
    if (Object.keys(errors).length > 0) return this.renderForm(res, formId, { order: { body: req.body, errors } });
    await this.forms.reorderFields(staffActor(scope, req.ip), formId, sorts);
    req.flash?.('success', 'Field order saved.');
    res.redirect(303, this.presenter.url(`/${formId}`));
  }

  @Get(':id')
  async edit(@IdParam('formId') formId: number, @IdParam() id: number, @Res() res: Response): Promise<void> {
    const { form, field } = await this.forms.field(formId, id);
    res.render('admin/forms/field', this.presenter.field(form, field));
  }

  @Post(':id')
  async update(@CurrentAgent() scope: AgentScope, @IdParam('formId') formId: number, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const { form, field } = await this.forms.field(formId, id);
    const dto = parseForm(FieldDto, req.body);
    if (!dto.ok) return void res.status(422).render('admin/forms/field', this.presenter.field(form, field, req.body, dto.errors));
    try {
      const saved = await this.forms.updateField(staffActor(scope, req.ip), formId, id, toInput(dto.value));
      req.flash?.('success', `Field “${saved.label}” saved.`);
      res.redirect(303, this.presenter.url(`/${formId}`));
    } catch (err) {
      res.status(422).render('admin/forms/field', this.presenter.field(form, field, req.body, validationErrors(err, 'label')));
    }
  }

  /** A refused removal (tickets hold answers) goes back to the field with the reason; nothing changed. */
  @Post(':id/delete')
  async remove(@CurrentAgent() scope: AgentScope, @IdParam('formId') formId: number, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    try {
      const field = await this.forms.deleteField(staffActor(scope, req.ip), formId, id);
      req.flash?.('success', `Field “${field.label}” removed.`);
      res.redirect(303, this.presenter.url(`/${formId}`));
    } catch (err) {
      req.flash?.('error', conflictMessage(err));
      res.redirect(303, this.presenter.url(`/${formId}/fields/${id}`));
    }
  }

  private async renderForm(res: Response, formId: number, state: FormPageState): Promise<void> {
    const form = await this.forms.get(formId);
    res.status(422).render('admin/forms/edit', this.presenter.edit(form, await this.forms.topicNames(formId), state));
  }
}
