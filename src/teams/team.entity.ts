import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { createdAtColumn, ID_TYPE, nullableFk } from '../database/columns';

@Entity('teams')
@Index('teams_name_uq', ['name'], { unique: true })
export class Team {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column(nullableFk)
  leadId: number | null;

  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  @Column(createdAtColumn)
  createdAt: Date;
}
