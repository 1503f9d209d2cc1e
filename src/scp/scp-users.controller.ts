import { Controller, Get, Post, Query, Render, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { searchTerm, submitForm } from '../admin/catalog/catalog-forms';
import { staffActor } from '../audit/audit.service';
import { CurrentAgent, StaffGuard } from '../auth/staff.guard';
import { AppRequest } from '../common/request-context';
import { AgentScope } from '../tickets/ticket-access';
import { UserAccountsService } from '../users/user-accounts.service';
import { UserDirectoryService } from '../users/user-directory.service';
import { UserCursor } from '../users/user-search';
import { IdParam, parseId } from './dto/id';
import { toContact, UserDto } from './dto/user.dto';
import { ScpUsersPresenter } from './scp-users.presenter';

const USER_PAGE = 'scp/users/user';
const NEW_FORM = 'scp/users/new';

/** `?after=&afterId=`: where a page of the directory starts; a malformed cursor is a page that does not exist. */
function userCursor(after: unknown, afterId: unknown): UserCursor | null {
  if (afterId === undefined || afterId === '') return null;
  return { value: typeof after === 'string' ? after.slice(0, 191) : '', id: parseId(afterId) };
}

const beforeCursor = (before: unknown): number | null => (before === undefined || before === '' ? null : parseId(before));

/**
 * /scp/users: the end-user directory for every agent (see UserDirectoryService for what an agent may
 * see), the user page with their tickets, contact edits and new users, and the JSON lookup used by the
 * new-ticket form.
 */
@Controller('scp/users')
@UseGuards(StaffGuard)
export class ScpUsersController {
  constructor(
    private readonly directory: UserDirectoryService,
    private readonly accounts: UserAccountsService,
    private readonly presenter: ScpUsersPresenter,
  ) {}

  @Get()
  @Render('scp/users/list')
  async list(@Query('q') q: unknown, @Query('after') after: unknown, @Query('afterId') afterId: unknown) {
    const term = searchTerm(q);
    const cursor = userCursor(after, afterId);
    return this.presenter.list(await this.directory.search(term, cursor), term, cursor !== null);
  }

  /** GET /scp/users/lookup?q=: at most LOOKUP_LIMIT users' contact details, as JSON. */
  @Get('lookup')
  async lookup(@Query('q') q: unknown) {
    return this.presenter.lookup(await this.directory.lookup(searchTerm(q)));
  }

  @Get('new')
  @Render(NEW_FORM)
  newForm() {
    return this.presenter.newForm(this.presenter.values(null), {});
  }

  @Post()
  create(@CurrentAgent() scope: AgentScope, @Req() req: AppRequest, @Res() res: Response) {
    return submitForm(req, res, UserDto, {
      run: async (dto) => {
        const user = await this.accounts.create(staffActor(scope, req.ip), toContact(dto));
        return { message: `User ${user.name} created.`, redirect: this.presenter.userUrl(user.id) };
      },
      rerender: async (body, errors) => ({ view: NEW_FORM, vm: this.presenter.newForm(this.presenter.submitted(body), errors) }),
    });
  }

  @Get(':id')
  @Render(USER_PAGE)
  async show(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Query('before') before: unknown) {
    const cursor = beforeCursor(before);
    const user = await this.directory.require(id);
    const tickets = await this.directory.tickets(scope, id, cursor);
    return this.presenter.user(user, tickets, cursor, this.presenter.values(user), {});
  }

  @Post(':id')
  update(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return submitForm(req, res, UserDto, {
      run: async (dto) => {
        const user = await this.accounts.update(staffActor(scope, req.ip), id, toContact(dto));
        return { message: `Contact details of ${user.name} saved.`, redirect: this.presenter.userUrl(id) };
      },
      rerender: async (body, errors) => {
        const user = await this.directory.require(id);
        const tickets = await this.directory.tickets(scope, id, null);
        return { view: USER_PAGE, vm: this.presenter.user(user, tickets, null, this.presenter.submitted(body), errors) };
      },
    });
  }
}
