import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  inTransaction,
  openServiceDatabase,
  openTestDatabase,
  type TestDatabase,
  uniqueSchemaName,
} from '@rre/persistence';
import type { DataSource } from 'typeorm';
import {
  enqueueMesNotification,
  MesNotificationDispatcher,
  MesNotificationError,
  mesNotificationEntities,
  mesNotificationMigrations,
  MesWebhookSubscriptions,
  type SubscriptionManager,
  verifyWebhook,
} from './index';

interface ReceivedRequest {
  path: string;
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  signatureValid: boolean;
  answer: 'failed' | 'hung' | 'accepted';
}

let database: TestDatabase;
let dataSource: DataSource;
let schema: string;
let server: Server;
let baseUrl: string;
let now = new Date('2026-03-02T09:00:00.000Z');
const clock = { now: () => now };
const advance = (ms: number) => {
  now = new Date(now.getTime() + ms);
};
const secrets = new Map<string, string>();
const received: ReceivedRequest[] = [];
const hanging: ServerResponse[] = [];
const operator: SubscriptionManager = { subject: 'mes-line-1', organisationId: 'plant-1', isAdmin: false };
const admin: SubscriptionManager = { subject: 'admin-1', organisationId: 'platform', isAdmin: true };
const webhooks = new MesWebhookSubscriptions(clock);

// /flaky: fails the first attempt (503), lets the second time out, accepts the third. /down: always 500.
function receive(request: IncomingMessage, response: ServerResponse): void {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const path = request.url ?? '';
    const headers = {
      id: String(request.headers['webhook-id'] ?? ''),
      timestamp: String(request.headers['webhook-timestamp'] ?? ''),
      signature: String(request.headers['webhook-signature'] ?? ''),
    };
    const secret = secrets.get(path) ?? '';
    const signatureValid = verifyWebhook(secret, headers, body, Math.floor(now.getTime() / 1000)).valid;
    const earlier = received.filter((one) => one.path === path && one.id === headers.id).length;
    const answer =
      path === '/down' || !signatureValid
        ? 'failed'
        : earlier === 0
          ? 'failed'
          : earlier === 1
            ? 'hung'
            : 'accepted';
    received.push({ path, ...headers, body, signatureValid, answer });
    if (answer === 'hung') {
      hanging.push(response);
      return;
    }
    response.writeHead(answer === 'accepted' ? 204 : path === '/down' ? 500 : 503).end();
  });
}

function dispatcher(maxAttempts: number) {
  return new MesNotificationDispatcher({
    dataSource,
    clock,
    retry: { maxAttempts, initialBackoffMs: 1000, maxBackoffMs: 60_000, timeoutMs: 300 },
  });
}

async function tableCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['mes_notification', 'mes_notification_delivery', 'mes_notification_attempt']) {
    const [{ count }] = (await dataSource.query(
      `SELECT count(*)::int AS count FROM "${schema}".${table}`,
    )) as [{ count: number }];
    counts[table] = count;
  }
  return counts;
}

async function register(path: string, kinds: string[], caller = operator) {
  const registration = await inTransaction(dataSource, (manager) =>
    webhooks.register(manager, { url: `${baseUrl}${path}`, kinds }, caller),
  );
  secrets.set(path, registration.secret);
  return registration;
}

beforeAll(async () => {
  database = await openTestDatabase();
  dataSource = await openServiceDatabase({
    url: database.url,
    service: uniqueSchemaName('mes_notifications'),
    poolSize: 4,
    entities: mesNotificationEntities,
    migrations: mesNotificationMigrations,
  });
  schema = (dataSource.options as { schema: string }).schema;
  server = createServer(receive);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const response of hanging) response.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await dataSource.destroy();
  await database.close();
});

describe('MES notifications (signed, retried webhooks)', () => {
  it('delivers once after a failure and a timeout: 3 attempts, the same webhook-id, every signature valid', async () => {
    const registration = await register('/flaky', ['lot.custody.entered']);
    expect(registration.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(registration.subscription).toMatchObject({
      organisationId: 'plant-1',
      kinds: ['lot.custody.entered'],
    });

    const enqueued = await inTransaction(dataSource, (manager) =>
      enqueueMesNotification(
        manager,
        {
          kind: 'lot.custody.entered',
          subject: 'L-2026-00042',
          payload: { lotId: 'L-2026-00042', massKg: '1000.000' },
        },
        { now },
      ),
    );
    expect(enqueued.deliveryIds).toHaveLength(1);
    const [deliveryId] = enqueued.deliveryIds;
    const sender = dispatcher(5);

    expect((await sender.dispatchOnce()).map((one) => [one.attempt, one.outcome, one.error])).toEqual([
      [1, 'retry', 'HTTP 503'],
    ]);
    expect(await sender.dispatchOnce()).toEqual([]); // backing off: due 1 s later
    advance(1000);
    expect((await sender.dispatchOnce()).map((one) => [one.attempt, one.outcome, one.error])).toEqual([
      [2, 'retry', 'timed out'],
    ]);
    advance(1999);
    expect(await sender.dispatchOnce()).toEqual([]); // second back-off is 2 s
    advance(1);
    expect((await sender.dispatchOnce()).map((one) => [one.attempt, one.outcome, one.statusCode])).toEqual([
      [3, 'delivered', 204],
    ]);
    advance(60_000);
    expect(await sender.dispatchOnce()).toEqual([]);

    const flaky = received.filter((one) => one.path === '/flaky');
    expect(flaky.map((one) => one.answer)).toEqual(['failed', 'hung', 'accepted']);
    expect(flaky.filter((one) => one.answer === 'accepted')).toHaveLength(1);
    expect(new Set(flaky.map((one) => one.id))).toEqual(new Set([deliveryId]));
    expect(flaky.every((one) => one.signatureValid)).toBe(true);
    expect(flaky.map((one) => Number(one.timestamp))).toEqual([1772442000, 1772442001, 1772442003]);
    expect(new Set(flaky.map((one) => one.body)).size).toBe(1);
    expect(JSON.parse(flaky[0]?.body ?? '')).toEqual({
      type: 'lot.custody.entered',
      timestamp: '2026-03-02T09:00:00.000Z',
      subject: 'L-2026-00042',
      data: { lotId: 'L-2026-00042', massKg: '1000.000' },
    });

    const attempts = (await dataSource.query(
      `SELECT attempt, status_code, error, outcome FROM "${schema}".mes_notification_attempt WHERE delivery_id = $1 ORDER BY attempt`,
      [deliveryId],
    )) as unknown[];
    expect(attempts).toEqual([
      { attempt: 1, status_code: 503, error: 'HTTP 503', outcome: 'retry' },
      { attempt: 2, status_code: null, error: 'timed out', outcome: 'retry' },
      { attempt: 3, status_code: 204, error: null, outcome: 'delivered' },
    ]);
    const [delivery] = (await dataSource.query(
      `SELECT status, attempts FROM "${schema}".mes_notification_delivery WHERE id = $1`,
      [deliveryId],
    )) as { status: string; attempts: number }[];
    expect(delivery).toEqual({ status: 'delivered', attempts: 3 });
  });

  it('enqueues nothing when the change rolls back', async () => {
    const before = await tableCounts();
    await expect(
      inTransaction(dataSource, async (manager) => {
        await enqueueMesNotification(
          manager,
          { kind: 'lot.custody.entered', subject: 'L-2026-00043', payload: {} },
          { now },
        );
        throw new Error('the custody change failed');
      }),
    ).rejects.toThrow('the custody change failed');
    expect(await tableCounts()).toEqual(before);
    expect(await dispatcher(5).dispatchOnce()).toEqual([]);
  });

  it('marks a delivery failed after its attempts, holds the subject’s later ones behind it, and redelivers', async () => {
    await register('/down', ['lot.state.changed'], admin);
    const enqueue = (state: string) =>
      inTransaction(dataSource, (manager) =>
        enqueueMesNotification(
          manager,
          { kind: 'lot.state.changed', subject: 'L-2026-00050', payload: { state } },
          { now },
        ),
      );
    const [firstId] = (await enqueue('IN_USE')).deliveryIds;
    const [secondId] = (await enqueue('USED_UP')).deliveryIds;
    const sender = dispatcher(3);
    const outcomes: string[] = [];
    for (let round = 0; round < 6; round++) {
      outcomes.push(
        ...(await sender.dispatchOnce()).map(
          (one) => `${one.deliveryId === firstId ? 'first' : 'second'}#${one.attempt}:${one.outcome}`,
        ),
      );
      advance(10_000);
    }
    expect(outcomes).toEqual(['first#1:retry', 'first#2:retry', 'first#3:failed']);

    const failed = await inTransaction(dataSource, (manager) => webhooks.failedDeliveries(manager, admin));
    expect(
      failed.deliveries.map((one) => [one.deliveryId, one.subject, one.kind, one.attempts, one.lastError]),
    ).toEqual([[firstId, 'L-2026-00050', 'lot.state.changed', 3, 'HTTP 500']]);
    const operatorView = await inTransaction(dataSource, (manager) =>
      webhooks.failedDeliveries(manager, operator),
    );
    expect(operatorView.deliveries).toEqual([]); // the subscription is the admin's organisation's

    await inTransaction(dataSource, (manager) => webhooks.redeliver(manager, firstId ?? '', admin));
    const again = (await sender.dispatchOnce()).map((one) => [one.deliveryId, one.attempt, one.outcome]);
    expect(again).toEqual([[firstId, 4, 'retry']]);
    const waiting = (await dataSource.query(
      `SELECT status, attempts FROM "${schema}".mes_notification_delivery WHERE id = $1`,
      [secondId],
    )) as unknown[];
    expect(waiting).toEqual([{ status: 'pending', attempts: 0 }]); // still behind the first of its subject
  });

  it('lets operators manage only their organisation’s subscriptions and cancels pending deliveries on removal', async () => {
    const mine = await register('/mine', ['run.state.changed']);
    const error = await inTransaction(dataSource, (manager) =>
      webhooks.register(
        manager,
        { url: `${baseUrl}/x`, kinds: ['run.state.changed'], organisationId: 'plant-2' },
        operator,
      ),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MesNotificationError);
    expect((error as Error).message).toBe(
      'organisationId: got "plant-2", must be your organisation (plant-1): operators manage their own organisation\'s webhooks, admins any',
    );
    const unknownKind = await inTransaction(dataSource, (manager) =>
      webhooks.register(manager, { url: `${baseUrl}/x`, kinds: ['lot.created'] }, operator),
    ).catch((caught: unknown) => caught);
    expect((unknownKind as Error).message).toBe(
      'kinds[0]: got "lot.created", must be one of the notification kinds lot.custody.entered, lot.state.changed, lot.handed-over, run.state.changed',
    );

    const listed = await inTransaction(dataSource, (manager) => webhooks.list(manager, operator));
    expect(listed.map((one) => one.url)).toEqual([`${baseUrl}/flaky`, `${baseUrl}/mine`]);
    expect(JSON.stringify(listed)).not.toContain('whsec_');

    const [deliveryId] = (
      await inTransaction(dataSource, (manager) =>
        enqueueMesNotification(
          manager,
          {
            kind: 'run.state.changed',
            subject: 'run-7',
            payload: { state: 'STARTED' },
            organisationId: 'plant-1',
          },
          { now },
        ),
      )
    ).deliveryIds;
    const removed = await inTransaction(dataSource, (manager) =>
      webhooks.remove(manager, mine.subscription.id, operator),
    );
    expect(removed.removedAt).toBe(now.toISOString());
    const [delivery] = (await dataSource.query(
      `SELECT status FROM "${schema}".mes_notification_delivery WHERE id = $1`,
      [deliveryId],
    )) as { status: string }[];
    expect(delivery?.status).toBe('cancelled');
    expect(await dispatcher(5).dispatchOnce()).toEqual([]);
  });
});
