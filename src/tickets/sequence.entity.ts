import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Named counters (ticket numbers), incremented under the row lock, never MAX()+1. */
@Entity('sequences')
export class Sequence {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'integer' })
  nextValue: number;
}
