import { serviceSchema } from '@rre/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** MES webhook subscriptions, notifications, their deliveries and every attempt. */
export class CreateMesNotificationTables1764510000060 implements MigrationInterface {
  readonly name = 'CreateMesNotificationTables1764510000060';

  async up(runner: QueryRunner): Promise<void> {
    const s = serviceSchema(runner);
    await runner.query(`CREATE TABLE "${s}".mes_webhook_subscription (
      id char(26) PRIMARY KEY,
      organisation_id text NOT NULL,
      url text NOT NULL,
      kinds text[] NOT NULL,
      secret text NOT NULL,
      created_at timestamptz NOT NULL,
      created_by text NOT NULL,
      removed_at timestamptz,
      removed_by text,
      idempotency_key text
    )`);
    await runner.query(
      `CREATE UNIQUE INDEX mes_webhook_subscription_idempotency_key ON "${s}".mes_webhook_subscription (created_by, idempotency_key) WHERE idempotency_key IS NOT NULL`,
    );
    await runner.query(`CREATE TABLE "${s}".mes_notification (
      id char(26) PRIMARY KEY,
      kind text NOT NULL,
      subject text NOT NULL,
      organisation_id text,
      body text NOT NULL,
      created_at timestamptz NOT NULL
    )`);
    await runner.query(`CREATE TABLE "${s}".mes_notification_delivery (
      id text PRIMARY KEY,
      seq bigserial NOT NULL UNIQUE,
      notification_id char(26) NOT NULL REFERENCES "${s}".mes_notification (id),
      subscription_id char(26) NOT NULL REFERENCES "${s}".mes_webhook_subscription (id),
      subject text NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed', 'cancelled')),
      attempts int NOT NULL DEFAULT 0,
      attempts_before_redelivery int NOT NULL DEFAULT 0,
      next_attempt_at timestamptz,
      lease_until timestamptz,
      last_error text,
      delivered_at timestamptz,
      failed_at timestamptz
    )`);
    await runner.query(
      `CREATE INDEX mes_notification_delivery_due ON "${s}".mes_notification_delivery (seq) WHERE status = 'pending'`,
    );
    await runner.query(
      `CREATE INDEX mes_notification_delivery_subject ON "${s}".mes_notification_delivery (subscription_id, subject, seq)`,
    );
    await runner.query(`CREATE TABLE "${s}".mes_notification_attempt (
      delivery_id text NOT NULL REFERENCES "${s}".mes_notification_delivery (id),
      attempt int NOT NULL,
      attempted_at timestamptz NOT NULL,
      status_code int,
      error text,
      outcome text NOT NULL,
      PRIMARY KEY (delivery_id, attempt)
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = serviceSchema(runner);
    await runner.query(`DROP TABLE "${s}".mes_notification_attempt`);
    await runner.query(`DROP TABLE "${s}".mes_notification_delivery`);
    await runner.query(`DROP TABLE "${s}".mes_notification`);
    await runner.query(`DROP TABLE "${s}".mes_webhook_subscription`);
  }
}

export const mesNotificationMigrations = [CreateMesNotificationTables1764510000060];
