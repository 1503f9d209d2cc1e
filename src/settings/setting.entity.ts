import { Column, Entity, PrimaryColumn } from 'typeorm';
import { datetimeColumn } from '../database/columns';

/**
 * One stored setting: its key (see settings.schema.ts) and its value as JSON. Only settings an admin
 * changed have a row; every other key reads its default from the schema.
 */
@Entity('settings')
export class Setting {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key: string;

  /** JSON text: `"Acme Support"`, `25`, `true`, `{"mode":"sequential","mask":"RD-######"}`. */
  @Column({ type: 'text' })
  value: string;

  @Column(datetimeColumn)
  updatedAt: Date;
}
