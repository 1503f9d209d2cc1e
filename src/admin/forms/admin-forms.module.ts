import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/auth.module';
import { FormsModule } from '../../forms/forms.module';
import { HelpTopicsModule } from '../../help-topics/help-topics.module';
import { AdminGuard } from '../admin.guard';
import { AdminFormFieldsController } from './admin-form-fields.controller';
import { AdminFormsController } from './admin-forms.controller';
import { AdminHelpTopicsController } from './admin-help-topics.controller';
import { FormsPresenter } from './forms.presenter';
import { HelpTopicsPresenter } from './help-topics.presenter';

/** Admin sections Help Topics (/scp/admin/help-topics) and Forms (/scp/admin/forms). */
@Module({
  imports: [AuthModule, FormsModule, HelpTopicsModule],
  controllers: [AdminHelpTopicsController, AdminFormsController, AdminFormFieldsController],
  providers: [AdminGuard, HelpTopicsPresenter, FormsPresenter],
})
export class AdminFormsModule {}
