import 'reflect-metadata';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import {
  type Auth,
  AuthModule,
  createAuth,
  DEFAULT_AUDIENCE,
  EMBEDDED_ISSUER,
  graphqlHardening,
  graphqlHardeningConfigSpec,
  mintToken,
  type Role,
} from '@rre/auth';
import { loadConfig } from '@rre/config';
import { EventPublisher, messagingMigrations } from '@rre/messaging';
import { openServiceDatabase, uniqueSchemaName } from '@rre/persistence';
import { createLogger } from '@rre/telemetry';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { ProcessRuns } from '../application/process-runs';
import { processRunTableMigrations } from '../persistence/process-runs-migrations';
import { ProcessRunsHarness, requestBy } from '../test-support/process-runs-harness';
import { PROCESS_RUN_CLIENT_ERRORS, formatProcessRunError } from './process-run-graphql-error';
import { createProcessRunsGraphql } from './process-runs-graphql';

async function startApp(
  concentrationRuns: ProcessRuns,
  separationRuns: ProcessRuns | undefined,
  hardening: ReturnType<typeof graphqlHardening>,
  quiet: ReturnType<typeof createLogger>,
  dataSources: { concentration: DataSource; separation?: DataSource },
  authenticator: Auth['authenticator'],
): Promise<{ app: INestApplication; url: string }> {
  const concentration = createProcessRunsGraphql({
    prefix: 'concentration',
    processRuns: concentrationRuns,
    dataSource: dataSources.concentration,
  });
  const separation =
    separationRuns && dataSources.separation
      ? createProcessRunsGraphql({
          prefix: 'separation',
          processRuns: separationRuns,
          dataSource: dataSources.separation,
        })
      : undefined;
  @Module({ providers: [...concentration.resolvers, ...(separation?.resolvers ?? [])] })
  class HostModule {}
  @Module({
    imports: [
      AuthModule.forRoot({ authenticator, logger: quiet }),
      GraphQLModule.forRoot<ApolloDriverConfig>({
        driver: ApolloDriver,
        path: '/graphql',
        autoSchemaFile: true,
        sortSchema: true,
        playground: false,
        includeStacktraceInErrorResponses: false,
        validationRules: hardening.validationRules,
        plugins: hardening.plugins,
        formatError: (formatted, error) =>
          formatProcessRunError(formatted, error) ?? hardening.formatError(formatted, error),
        fieldResolverEnhancers: ['guards'],
      }),
      HostModule,
    ],
  })
  class TestModule {}
  const app = await NestFactory.create(TestModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, url: `http://127.0.0.1:${port}/graphql` };
}

interface Answer {
  data?: any;
  errors?: { message: string; extensions?: Record<string, any> }[];
}

describe('process-runs GraphQL mounted by two hosts in one schema (integration)', () => {
  let h: ProcessRunsHarness;
  let separationDataSource: DataSource;
  let app: INestApplication;
  let url: string;
  let auth: Auth;
  let keyDir: string;
  let restart: () => Promise<void>;

  beforeAll(async () => {
    h = await ProcessRunsHarness.start();
    separationDataSource = await openServiceDatabase({
      url: h.database.url,
      service: uniqueSchemaName('separation_gql'),
      poolSize: 2,
      entities: [],
      migrations: [...messagingMigrations, ...processRunTableMigrations],
    });
    const separationRuns = new ProcessRuns({
      service: 'separation',
      publisher: new EventPublisher({ service: 'separation' }),
      topics: { lots: 'rre.separation.lot-events.v1', runs: 'rre.separation.run-events.v1' },
    });
    keyDir = mkdtempSync(path.join(tmpdir(), 'rre-process-runs-keys-'));
    auth = await createAuth({
      mode: 'embedded',
      keyDir,
      keyAlgorithm: 'EdDSA',
      issuer: EMBEDDED_ISSUER,
      audience: DEFAULT_AUDIENCE,
      algorithms: ['EdDSA'],
      clockToleranceSeconds: 30,
      claims: { roles: 'roles', organisation: 'org' },
    });
    const quiet = createLogger('process-runs-test', { level: 'silent' });
    const hardening = graphqlHardening(
      loadConfig('process-runs-test', graphqlHardeningConfigSpec, { RATE_LIMIT_ENABLED: 'false' }),
      { authenticator: auth.authenticator, logger: quiet, clientErrors: PROCESS_RUN_CLIENT_ERRORS },
    );
    ({ app, url } = await startApp(
      h.runs,
      separationRuns,
      hardening,
      quiet,
      {
        concentration: h.dataSource,
        separation: separationDataSource,
      },
      auth.authenticator,
    ));
    restart = async () => {
      await app.close();
      const fresh = new ProcessRuns({
        service: 'concentration',
        publisher: new EventPublisher({ service: 'concentration' }),
        topics: { lots: 'rre.concentration.lot-events.v1', runs: 'rre.concentration.run-events.v1' },
      });
      ({ app, url } = await startApp(
        fresh,
        undefined,
        hardening,
        quiet,
        { concentration: h.dataSource },
        auth.authenticator,
      ));
    };
  });

  afterAll(async () => {
    await app?.close();
    if (h.database.kind === 'postgres') {
      await separationDataSource.query(
        `DROP SCHEMA "${(separationDataSource.options as { schema: string }).schema}" CASCADE`,
      );
    }
    await separationDataSource?.destroy();
    await h?.stop();
    rmSync(keyDir, { recursive: true, force: true });
  });

  async function gql(
    role: Role | undefined,
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (role !== undefined) {
      const signingKey = auth.signingKey;
      if (!signingKey) throw new Error('embedded key expected');
      const token = await mintToken(signingKey, {
        subject: `usr-${role}`,
        organisationId: 'org-plant',
        roles: [role],
      });
      headers['authorization'] = `Bearer ${token}`;
    }
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as Answer;
  }

  const PAYLOAD =
    'replayed runId recordIds run { id status inputs { lotId netMassKg } balance { closes elements { element inputsKg outputsKg imbalanceKg toleranceKg closes } } } lots { id remainingKg custody }';

  it("has both hosts' prefixed root fields and types side by side", async () => {
    const answer = await gql(
      'auditor',
      '{ __schema { queryType { fields { name } } mutationType { fields { name } } } }',
    );
    const queries = answer.data.__schema.queryType.fields.map((f: { name: string }) => f.name);
    const mutations = answer.data.__schema.mutationType.fields.map((f: { name: string }) => f.name);
    expect(queries).toEqual(
      expect.arrayContaining([
        'concentrationRun',
        'concentrationRuns',
        'concentrationLots',
        'separationRun',
        'separationRuns',
      ]),
    );
    expect(mutations).toEqual(
      expect.arrayContaining([
        'concentrationPlanRun',
        'concentrationTakeInput',
        'concentrationCompleteRun',
        'separationPlanRun',
      ]),
    );
    expect(mutations).toHaveLength(2 * 19);
  });

  it('drives a run as an MES: the same take sent three times has one effect; an open balance needs an override', async () => {
    await h.do((r, m) =>
      r.receiveLot(m, requestBy(), {
        lotId: 'GQL-LOT-1',
        lotCode: 'L-2026-00900',
        kind: 'MATERIAL',
        mass: { value: '1000', unit: 'KGM' },
        composition: { unit: 'P1', contents: [{ element: 'Dy', value: '5', uncertainty: '0.05' }] },
        compositionStatus: 'FINAL',
        custody: 'HELD',
        from: { service: 'intake', transferId: 'T-900' },
      }),
    );
    const planned = await gql(
      'operator',
      `mutation($input: ConcentrationPlanRunInput!) { concentrationPlanRun(input: $input, idempotencyKey: "plan-1") { ${PAYLOAD} } }`,
      {
        input: {
          externalId: 'MES-GQL-1',
          kind: 'ADSORPTION',
          equipmentId: 'C-1',
          workOrder: 'WO-900',
          parametersJson: '{"cycle":3}',
        },
      },
    );
    expect(planned.errors).toBeUndefined();
    const runId = planned.data.concentrationPlanRun.runId as string;
    expect(planned.data.concentrationPlanRun.run.status).toBe('PLANNED');
    await gql('operator', `mutation { concentrationStartRun(input: { runId: "${runId}" }) { replayed } }`);

    const take = `mutation { concentrationTakeInput(input: { runId: "${runId}", lotId: "GQL-LOT-1", mass: { value: "800", unit: "KGM" } }, idempotencyKey: "mes-take-1") { ${PAYLOAD} } }`;
    const answers = [await gql('operator', take), await gql('operator', take), await gql('operator', take)];
    expect(answers.map((a) => a.data.concentrationTakeInput.replayed)).toEqual([false, true, true]);
    expect(answers.map((a) => a.data.concentrationTakeInput.lots[0].remainingKg)).toEqual([
      '200',
      '200',
      '200',
    ]);
    expect(answers[2]?.data.concentrationTakeInput.run.inputs).toEqual([
      { lotId: 'GQL-LOT-1', netMassKg: '800' },
    ]);

    const more = await gql(
      'operator',
      `mutation { concentrationTakeInput(input: { runId: "${runId}", lotId: "GQL-LOT-1", mass: { value: "250", unit: "KGM" } }) { replayed } }`,
    );
    expect(more.errors?.[0]?.extensions).toEqual({
      code: 'MORE_THAN_REMAINS',
      field: 'mass',
      value: '250 KGM',
      rule: 'must be at most the 200 KGM that remain of lot L-2026-00900',
      retryable: false,
    });
    const number = await gql(
      'operator',
      `mutation { concentrationTakeInput(input: { runId: "${runId}", lotId: "GQL-LOT-1", mass: { value: 12.5, unit: "KGM" } }) { replayed } }`,
    );
    expect(number.errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_VALIDATION_FAILED');

    // 40 kg Dy in; 42 kg Dy out (+5 %)
    await gql(
      'operator',
      `mutation { concentrationDeclareOutput(input: { runId: "${runId}", lotId: "GQL-OUT-1", lotCode: "HREE-900", role: "PRODUCT",
        mass: { value: "200", unit: "KGM" }, compositionStatus: "FINAL",
        composition: { unit: "P1", contents: [{ element: "Dy", value: "21", uncertainty: "0.1" }] } }) { replayed } }`,
    );
    const refused = await gql(
      'operator',
      `mutation { concentrationCompleteRun(input: { runId: "${runId}" }) { ${PAYLOAD} } }`,
    );
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('BALANCE_NOT_CLOSED');
    const overridden = await gql(
      'operator',
      `mutation { concentrationCompleteRun(input: { runId: "${runId}", overrideReason: "lab re-assay pending" }) { ${PAYLOAD} } }`,
    );
    expect(overridden.errors).toBeUndefined();
    expect(overridden.data.concentrationCompleteRun.run.status).toBe('COMPLETED');
    expect(overridden.data.concentrationCompleteRun.run.balance).toEqual({
      closes: false,
      elements: [
        {
          element: 'Dy',
          inputsKg: '40',
          outputsKg: '42',
          imbalanceKg: '-2',
          toleranceKg: '0.894428',
          closes: false,
        },
      ],
    });

    const page = await gql(
      'auditor',
      `{ concentrationRuns(from: "2000-01-01T00:00:00Z", first: 10) { hasNextPage items { id externalId parametersJson status override { reason overriddenBy } } } }`,
    );
    expect(page.data.concentrationRuns.items).toEqual([
      {
        id: runId,
        externalId: 'MES-GQL-1',
        parametersJson: '{"cycle":3}',
        status: 'COMPLETED',
        override: { reason: 'lab re-assay pending', overriddenBy: 'usr-operator' },
      },
    ]);
    const lots = await gql(
      'auditor',
      '{ concentrationLots(custody: "HELD") { items { id remainingKg composition { element fraction } } } }',
    );
    expect(lots.data.concentrationLots.items).toEqual([
      { id: 'GQL-LOT-1', remainingKg: '200', composition: [{ element: 'Dy', fraction: '0.05' }] },
      { id: 'GQL-OUT-1', remainingKg: '200', composition: [{ element: 'Dy', fraction: '0.21' }] },
    ]);
  });

  it('lets auditors read and not write, and shows recyclers nothing of runs', async () => {
    const auditorWrite = await gql(
      'auditor',
      'mutation { concentrationPlanRun(input: { kind: "LEACHING", equipmentId: "R", workOrder: "W" }) { runId } }',
    );
    expect(auditorWrite.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    const recyclerRead = await gql('recycler', '{ concentrationRuns { items { id } } }');
    expect(recyclerRead.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    const recyclerWrite = await gql(
      'recycler',
      'mutation { concentrationPlanRun(input: { kind: "LEACHING", equipmentId: "R", workOrder: "W" }) { runId } }',
    );
    expect(recyclerWrite.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    const anonymous = await gql(undefined, '{ concentrationLots { items { id } } }');
    expect(anonymous.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    const separationRuns = await gql('operator', '{ separationRuns { items { id } } }');
    expect(separationRuns.data.separationRuns.items).toEqual([]);
  });

  it('mounts the same prefix again after a restart in the same process (the classes are made once per prefix)', async () => {
    await restart();
    const lots = await gql('operator', '{ concentrationLots(custody: "HELD") { items { id } } }');
    expect(lots.errors).toBeUndefined();
    expect(lots.data.concentrationLots.items.map((l: { id: string }) => l.id)).toEqual([
      'GQL-LOT-1',
      'GQL-OUT-1',
    ]);
  });
});
