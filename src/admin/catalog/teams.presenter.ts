import { Injectable } from '@nestjs/common';
import { FormErrors, FormState, Option } from '../../common/view-models';
import { AppConfig } from '../../config/app-config';
import type { Staff } from '../../staff/staff.entity';
import type { TeamDetail, TeamListItem } from '../../teams/team-directory.service';
import { adminPage } from '../admin-nav';
import { listOf, Submitted, textOf } from './catalog-forms';

export interface TeamFormValues {
  name: string;
  leadId: string;
  memberIds: string[];
}

/** Builds the teams admin pages' view-models. */
@Injectable()
export class TeamsPresenter {
  private readonly base: string;

  constructor(private readonly config: AppConfig) {
    this.base = config.basePath.replace(/\/+$/, '');
  }

  listUrl = () => `${this.base}/scp/admin/teams`;
  editUrl = (id: number) => `${this.listUrl()}/${id}`;

  list(items: TeamListItem[], q: string) {
    return {
      ...adminPage('teams', this.config.basePath, 'Teams'),
      q,
      newUrl: `${this.listUrl()}/new`,
      clearUrl: q ? this.listUrl() : null,
      emptyText: q ? `No team matches “${q}”.` : 'No teams yet.',
      rows: items.map(({ team, leadName, members, tickets }) => ({
        id: team.id, name: team.name, editUrl: this.editUrl(team.id), leadName, members, tickets, isActive: team.isActive,
      })),
    };
  }

  /** The new-team form (detail null) or a team's page. `agents` are the ones its checkbox list offers. */
  form(detail: TeamDetail | null, agents: Staff[], form: FormState<TeamFormValues>) {
    const team = detail?.team;
    const label = (a: Staff) => (a.isActive ? a.name : `${a.name} (disabled)`);
    return {
      ...adminPage('teams', this.config.basePath, team ? `Team: ${team.name}` : 'New team'),
      isNew: !team,
      action: team ? this.editUrl(team.id) : this.listUrl(),
      listUrl: this.listUrl(),
      form,
      leadOptions: agents.map((a): Option => ({ id: a.id, name: label(a), selected: false })),
      members: agents.map((a) => ({
        id: a.id, name: label(a), fieldId: `team-member-${a.id}`, checked: form.values.memberIds.includes(String(a.id)),
      })),
      team: detail && team ? {
        id: team.id,
        name: team.name,
        isActive: team.isActive,
        tickets: detail.tickets,
        disableUrl: `${this.editUrl(team.id)}/disable`,
        enableUrl: `${this.editUrl(team.id)}/enable`,
        deleteUrl: `${this.editUrl(team.id)}/delete`,
      } : null,
    };
  }

  values(detail: TeamDetail | null): FormState<TeamFormValues> {
    return {
      values: { name: detail?.team.name ?? '', leadId: detail?.team.leadId ? String(detail.team.leadId) : '', memberIds: (detail?.memberIds ?? []).map(String) },
      errors: {},
    };
  }

  submitted(body: Submitted, errors: FormErrors): FormState<TeamFormValues> {
    return { values: { name: textOf(body, 'name'), leadId: textOf(body, 'leadId'), memberIds: listOf(body, 'memberIds') }, errors };
  }
}
