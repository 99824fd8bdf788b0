import {
  inTransaction,
  openServiceDatabase,
  openTestDatabase,
  type TestDatabase,
  uniqueSchemaName,
} from '@rre/persistence';
import type { DataSource } from 'typeorm';
import { GraphqlTestApp, type TestCaller } from '../../measurements/test-support/graphql-test-app';
import {
  enqueueMesNotification,
  MesNotificationDispatcher,
  mesNotificationEntities,
  mesNotificationMigrations,
  MesWebhookSubscriptions,
} from '../index';
import { createMesNotificationResolver, type MesNotificationBackend } from './index';

const BACKEND = Symbol('concentration MES notifications');
const operator: TestCaller = { subject: 'mes-line-1', organisationId: 'plant-1', roles: ['operator'] };
const admin: TestCaller = { subject: 'admin-1', organisationId: 'platform', roles: ['admin'] };
const auditor: TestCaller = { subject: 'auditor-7', organisationId: 'audit-co', roles: ['auditor'] };
const now = new Date('2026-03-02T09:00:00.000Z');

let database: TestDatabase;
let dataSource: DataSource;
let app: GraphqlTestApp;

beforeAll(async () => {
  database = await openTestDatabase();
  dataSource = await openServiceDatabase({
    url: database.url,
    service: uniqueSchemaName('mes_webhook_gql'),
    poolSize: 4,
    entities: mesNotificationEntities,
    migrations: mesNotificationMigrations,
  });
  const backend: MesNotificationBackend = {
    dataSource,
    subscriptions: new MesWebhookSubscriptions({ now: () => now }),
  };
  app = await GraphqlTestApp.start([
    { provide: BACKEND, useValue: backend },
    createMesNotificationResolver({ prefix: 'Concentration', backend: BACKEND }),
  ]);
});

afterAll(async () => {
  await app.stop();
  await dataSource.query(
    `DROP SCHEMA IF EXISTS "${(dataSource.options as { schema: string }).schema}" CASCADE`,
  );
  await dataSource.destroy();
  await database.close();
});

const REGISTER = `mutation($input: ConcentrationMesWebhookInput!, $key: String) {
  registerConcentrationMesWebhook(input: $input, idempotencyKey: $key) { secret subscription { id organisationId url kinds createdBy } }
}`;

describe('MES webhook GraphQL (prefix factory)', () => {
  it('registers a webhook with a secret shown once, lists it without the secret, and removes it', async () => {
    const input = {
      url: 'https://mes.plant-1.example/hooks',
      kinds: ['lot.custody.entered', 'lot.state.changed'],
    };
    const registered = await app.graphql(operator, REGISTER, { input, key: 'register-1' });
    expect(registered.errors).toBeUndefined();
    const { secret, subscription } = registered.data.registerConcentrationMesWebhook;
    expect(secret).toMatch(/^whsec_/);
    expect(subscription).toMatchObject({
      organisationId: 'plant-1',
      createdBy: 'mes-line-1',
      kinds: input.kinds,
    });
    const retried = await app.graphql(operator, REGISTER, { input, key: 'register-1' });
    expect(retried.data.registerConcentrationMesWebhook).toEqual(
      registered.data.registerConcentrationMesWebhook,
    );

    const listed = await app.graphql(operator, `{ concentrationMesWebhooks { id url kinds } }`);
    expect(listed.data.concentrationMesWebhooks).toEqual([
      { id: subscription.id, url: input.url, kinds: input.kinds },
    ]);

    const removed = await app.graphql(
      operator,
      `mutation($id: ID!) { removeConcentrationMesWebhook(id: $id) { removedAt } }`,
      {
        id: subscription.id,
      },
    );
    expect(removed.data.removeConcentrationMesWebhook.removedAt).toBe('2026-03-02T09:00:00.000Z');
    expect(
      (await app.graphql(operator, `{ concentrationMesWebhooks { id } }`)).data.concentrationMesWebhooks,
    ).toEqual([]);
  });

  it("refuses another organisation's webhook to an operator, and everything to an auditor", async () => {
    const other = await app.graphql(operator, REGISTER, {
      input: {
        url: 'https://mes.plant-2.example/hooks',
        kinds: ['run.state.changed'],
        organisationId: 'plant-2',
      },
    });
    expect(other.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'FORBIDDEN_ORGANISATION',
    });
    expect(other.errors?.[0]?.message).toContain(
      'organisationId: got "plant-2", must be your organisation (plant-1)',
    );
    const denied = await app.graphql(auditor, `{ concentrationMesWebhooks { id } }`);
    expect(denied.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });

  it('lists failed deliveries and redelivers one', async () => {
    // Nothing listens on port 9 of the loopback interface: every attempt fails at once.
    const registered = await app.graphql(admin, REGISTER, {
      input: { url: 'http://127.0.0.1:9/hooks', kinds: ['lot.handed-over'], organisationId: 'plant-1' },
    });
    expect(registered.errors).toBeUndefined();
    const [deliveryId] = (
      await inTransaction(dataSource, (manager) =>
        enqueueMesNotification(
          manager,
          { kind: 'lot.handed-over', subject: 'L-2026-00077', payload: { to: 'separation' } },
          { now },
        ),
      )
    ).deliveryIds;
    const dispatcher = new MesNotificationDispatcher({
      dataSource,
      clock: { now: () => now },
      retry: { maxAttempts: 1, timeoutMs: 2000 },
    });
    expect((await dispatcher.dispatchOnce()).map((one) => one.outcome)).toEqual(['failed']);

    const failed = await app.graphql(
      operator,
      `{ concentrationFailedMesDeliveries(first: 10) { deliveries { deliveryId subject kind attempts url } hasNextPage } }`,
    );
    expect(failed.data.concentrationFailedMesDeliveries).toEqual({
      deliveries: [
        {
          deliveryId,
          subject: 'L-2026-00077',
          kind: 'lot.handed-over',
          attempts: 1,
          url: 'http://127.0.0.1:9/hooks',
        },
      ],
      hasNextPage: false,
    });
    const redelivered = await app.graphql(
      operator,
      `mutation($id: ID!) { redeliverConcentrationMesNotification(deliveryId: $id) }`,
      {
        id: deliveryId,
      },
    );
    expect(redelivered.data.redeliverConcentrationMesNotification).toBe(true);
    expect(
      (await app.graphql(operator, `{ concentrationFailedMesDeliveries { deliveries { deliveryId } } }`)).data
        .concentrationFailedMesDeliveries.deliveries,
    ).toEqual([]);
    expect(
      (await dispatcher.dispatchOnce()).map((one) => [one.deliveryId, one.attempt, one.outcome]),
    ).toEqual([[deliveryId, 2, 'failed']]);
  });
});
