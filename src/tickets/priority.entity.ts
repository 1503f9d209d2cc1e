import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ID_TYPE } from '../database/columns';

/** The colours a priority may take: the four built-in ones and a few more, each a class in app.css. */
export const PRIORITY_COLORS = ['low', 'normal', 'high', 'emergency', 'blue', 'green', 'purple', 'grey'] as const;
export type PriorityColor = (typeof PRIORITY_COLORS)[number];

@Entity('priorities')
@Index('priorities_name_uq', ['name'], { unique: true })
@Index('priorities_urgency_uq', ['urgency'], { unique: true })
export class Priority {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  /** CSS class suffix, one of PRIORITY_COLORS (the CSP allows no inline colours, so a fixed palette). */
  @Column({ type: 'varchar', length: 32 })
  cssClass: string;

  /** 1-100, unique; higher is more urgent; queues sort by it. */
  @Column({ type: 'integer' })
  urgency: number;

  @Column({ type: 'boolean', default: false })
  isDefault: boolean;

  /** A disabled priority stays on the tickets that have it but is no longer offered on ticket forms. */
  @Column({ type: 'boolean', default: true })
  isActive: boolean;
}
