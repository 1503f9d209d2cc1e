import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { createdAtColumn, datetimeColumn, ID_TYPE } from '../database/columns';

/** An end user (client), identified by email. */
@Entity('users')
@Index('users_email_uq', ['email'], { unique: true })
export class User {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  /** Stored lower-cased. */
  @Column({ type: 'varchar', length: 191 })
  email: string;

  @Column({ type: 'varchar', length: 128 })
  name: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  phone: string | null;

  @Column(createdAtColumn)
  createdAt: Date;

  @Column(datetimeColumn)
  updatedAt: Date;
}
