import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Department } from '../departments/department.entity';
import { CannedResponse } from './canned.entities';
import { CannedResponsesService } from './canned.service';

/** Canned responses: the admin's CRUD, the list an agent picks from on a ticket, and filling in variables. */
@Module({
  imports: [TypeOrmModule.forFeature([CannedResponse, Department])],
  providers: [CannedResponsesService],
  exports: [CannedResponsesService],
})
export class CannedModule {}
