import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { generatePassword } from '../common/password';
import { Department } from '../departments/department.entity';
import { Role } from '../staff/role.entity';
import { StaffService } from '../staff/staff.service';

export interface NewAdmin {
  username: string;
  email: string;
  firstName: string;
  lastName: string;
  password: string | null;
}

export interface CreatedAdmin {
  username: string;
  email: string;
  /** Set only when the password was generated, so it can be shown once. */
  generatedPassword: string | null;
}

/** Creates administrators: the first one at first start, more with `npm run cli -- create-admin`. */
@Injectable()
export class FirstAdminService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly staff: StaffService,
    private readonly config: AppConfig,
  ) {}

  /** At first start (no agents yet): the admin from ADMIN_* settings, with a generated password if none. */
  async ensureFirstAdmin(): Promise<CreatedAdmin | null> {
    if ((await this.staff.count()) > 0) return null;
    const { username, email, password } = this.config.admin;
    return this.create({ username, email: email ?? `${username}@example.com`, firstName: 'Help Desk', lastName: 'Administrator', password });
  }

  async create(input: NewAdmin): Promise<CreatedAdmin> {
    const password = input.password ?? generatePassword();
    const department = await this.db.getRepository(Department).findOneOrFail({ where: {}, order: { id: 'ASC' } });
    const role = (await this.db.getRepository(Role).findOneBy({ name: 'All Access' })) ?? (await this.db.getRepository(Role).findOneOrFail({ where: {}, order: { id: 'ASC' } }));
    await this.staff.create({ ...input, password, departmentId: department.id, roleId: role.id, isAdmin: true });
    return { username: input.username, email: input.email.toLowerCase(), generatedPassword: input.password ? null : password };
  }
}
