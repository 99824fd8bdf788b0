import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One start of the platform process: proves that data survives a restart, and when. */
@Entity({ name: 'platform_start' })
export class PlatformStartEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id!: string;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ type: 'text' })
  version!: string;

  @Column({ type: 'text' })
  mode!: string;
}
