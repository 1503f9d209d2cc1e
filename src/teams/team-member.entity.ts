import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ID_TYPE } from '../database/columns';
import { Staff } from '../staff/staff.entity';
import { Team } from './team.entity';

@Entity('team_members')
@Index('team_members_staff_idx', ['staffId'])
export class TeamMember {
  @PrimaryColumn({ type: ID_TYPE })
  teamId: number;

  @PrimaryColumn({ type: ID_TYPE })
  staffId: number;

  @ManyToOne(() => Team, { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'team_id', foreignKeyConstraintName: 'team_members_team_id_fk' })
  team: Team;

  @ManyToOne(() => Staff, { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'staff_id', foreignKeyConstraintName: 'team_members_staff_id_fk' })
  staff: Staff;
}
