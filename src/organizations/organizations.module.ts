import { Module } from '@nestjs/common';
import { OrganizationsService } from './organizations.service';

/** Organizations of end users: their directory, members and email domains. */
@Module({
  providers: [OrganizationsService],
  exports: [OrganizationsService],
})
export class OrganizationsModule {}
