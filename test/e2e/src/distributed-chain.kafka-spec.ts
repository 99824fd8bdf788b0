import { kafkaBrokers } from '@rre/testing';
import { runDistributedChain } from './test-support/chain-scenario';
import { type DistributedPlant, startDistributedPlant } from './test-support/distributed-plant';
import { type GatewayClient, gatewayClient } from './test-support/gateway-client';
import { WATERMARK, waitForTraceabilityToCatchUp } from './test-support/traceability-catch-up';

// Eight Node processes start on what may be two cores, beside the broker and PostgreSQL.
jest.setTimeout(600_000);

const TRACE = `query ($lotId: ID!, $element: String) { backwardTrace(lotId: $lotId, element: $element) {
  lotId element elementMassKg exactElementMassKg
  sources { kind lotId lotCode sourceCategory supplierOrganisationId attributedKg paths { runIds } } } }`;
const TRACE_LOT = `query ($id: ID!) { traceLot(id: $id) { traceability {
  lotId massKg service outputRole
  producedBy { runId service kind status inputs { lotId role massKg elements { element massKg } } } } } }`;
const STATEMENT = `query ($lotId: ID!) { recycledContentStatement(lotId: $lotId, elements: ["Tb"]) {
  lotId chainOfCustodyModel elements { element massKg stated categories { category massKg share } } } }`;

// Distributed mode end to end: intake, concentration, separation, reduction, sales, traceability and
// people each in its own process on its own PostgreSQL database, their events on Kafka, the gateway
// in front; the Tb metal at the end of the chain traced back to its intake lots to the milligram.
describe('the chain from scrap to Tb metal, each service in its own process (PostgreSQL + Kafka)', () => {
  let plant: DistributedPlant | undefined;
  let client: GatewayClient;
  const brokers = kafkaBrokers();

  beforeAll(async () => {
    const serverUrl = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/rre_test';
    const started = Date.now();
    plant = await startDistributedPlant({
      serverUrl,
      databasePrefix: `rre_e2e_${Date.now().toString(36)}_${process.pid}`,
      kafkaBrokers: brokers.join(','),
      timeoutMs: 300_000,
      log: (line) => console.log(`${((Date.now() - started) / 1000).toFixed(1)} s  ${line}`),
    });
    client = await gatewayClient(plant.gateway.url, plant.keyDir);
  });

  afterAll(async () => {
    await plant?.stop();
  });

  it('traces the Tb metal back to the magnet, swarf and ore lots, and states its post-consumer share, to the milligram', async () => {
    if (!plant) throw new Error('the services did not start');
    const { ok, call, tokens } = client;
    expect([...plant.services.keys()].sort()).toEqual([
      'concentration',
      'intake',
      'people',
      'reduction',
      'sales',
      'separation',
      'traceability',
    ]);
    expect((await ok(tokens.auditor, '{ platform { mode } }')).platform.mode).toBe('GATEWAY');

    const chain = await runDistributedChain(client);
    const { lots, runIds, metalLotId } = chain;
    await waitForTraceabilityToCatchUp({
      client,
      kafkaBrokers: brokers,
      databaseUrls: plant.databaseUrls,
      chainIds: chain.chainIds,
      timeoutMs: 300_000,
    });

    // ---- Traceability (its own process) rebuilt the metal's run from reduction's events.
    const metal = (await ok(tokens.auditor, TRACE_LOT, { id: metalLotId })).traceLot.traceability;
    expect(metal).toMatchObject({
      lotId: metalLotId,
      massKg: '10.5',
      service: 'reduction',
      outputRole: 'PRODUCT',
    });
    expect(metal.producedBy).toMatchObject({
      runId: runIds.distillation,
      service: 'reduction',
      kind: 'VACUUM_DISTILLATION',
      status: 'COMPLETED',
      inputs: [{ lotId: chain.alloyLotId, role: 'INPUT', massKg: '52.5' }],
    });
    expect(metal.producedBy.inputs[0].elements).toContainEqual({ element: 'Tb', massKg: '10.5' });

    // ---- Tb, run by run:
    // leaching: magnet 800 kg x 0.8 % = 6.4 kg + swarf 500 kg x 0.6 % = 3 kg -> liquor 9.306 kg: 6.4/9.4
    //   of it magnet, 3/9.4 swarf; adsorption: ore 20 t x 100 ppm = 2 kg -> concentrate 1.901 kg;
    // solvent extraction: 1.901 + 9.306 = 11.207 kg -> Tb-rich 10.64665: 1.901/11.207 ore, 9.306/11.207 liquor;
    // precipitation: 10.64665 -> oxalate 10.5; calcination: oxalate 10.5 -> Tb4O7 holding
    //   10.500111828057067 kg, 0.000111828057067 kg more than fed: that share of the oxide is unattributed;
    // electrolysis: the oxide's Tb (the only Tb fed; zinc and salt bring none) -> alloy 10.5 kg;
    // distillation: alloy 10.5 -> metal 10.5 kg.
    // Metal Tb 10.5 kg, k = 10.5 / 10.500111828057067:
    //   magnet 10.5 k x 9.306/11.207 x 6.4/9.4 = 5.936226596 kg, swarf 10.5 k x 9.306/11.207 x 3/9.4 =
    //   2.782606217 kg, ore 10.5 k x 1.901/11.207 = 1.781055360 kg, unattributed 10.5 (1 - k) = 0.000111827 kg.
    // In mg the floors 5,936,226 + 2,782,606 + 1,781,055 + 111 = 10,499,998 leave 2 mg, which go to the
    // largest remainders: unattributed (0.827) and the magnet lot (0.596). The same figures as the
    // one-process platform's (services/platform/src/test-support/traceability-scenario.ts).
    const [trace] = (await ok(tokens.auditor, TRACE, { lotId: metalLotId, element: 'Tb' })).backwardTrace;
    expect(trace).toMatchObject({
      lotId: metalLotId,
      element: 'Tb',
      elementMassKg: '10.500000',
      exactElementMassKg: '10.5',
    });
    expect(
      trace.sources.map((s: any) => [
        s.kind,
        s.lotId,
        s.lotCode,
        s.sourceCategory,
        s.supplierOrganisationId,
        s.attributedKg,
      ]),
    ).toEqual([
      ['SOURCE_LOT', lots.magnet.id, lots.magnet.code, 'POST_CONSUMER', 'org-recycler-a', '5.936227'],
      ['SOURCE_LOT', lots.swarf.id, lots.swarf.code, 'PRE_CONSUMER', 'org-recycler-a', '2.782606'],
      ['SOURCE_LOT', lots.ore.id, lots.ore.code, 'PRIMARY', 'org-recycler-a', '1.781055'],
      ['UNATTRIBUTED', null, null, null, null, '0.000112'],
    ]);
    const sumMg = trace.sources.reduce(
      (sum: bigint, s: any) => sum + BigInt(s.attributedKg.replace('.', '')),
      0n,
    );
    expect(sumMg).toBe(10_500_000n);
    // The paths, run by run, across three services' processes.
    const {
      leaching,
      adsorption,
      solventExtraction,
      precipitation,
      calcination,
      electrolysis,
      distillation,
    } = runIds;
    const downstream = [solventExtraction, precipitation, calcination, electrolysis, distillation];
    expect(trace.sources.map((s: any) => s.paths.map((p: any) => p.runIds))).toEqual([
      [[leaching, ...downstream]],
      [[leaching, ...downstream]],
      [[adsorption, ...downstream]],
      [[calcination, electrolysis, distillation]],
    ]);

    // ---- The recycled-content statement (EU CRMA Art. 29): the post-consumer share of the metal's
    // Tb is the magnet lot's 5.936227 kg; shares to 12 places, rounded half-even: 10.5 k x 9.306/11.207 x 6.4/9.4 /
    // 10.5 = 0.565354913935..., pre-consumer 0.265010115907..., primary 0.169624319980...,
    // unattributed 1 - k = 0.000010650178...
    const statement = (await ok(tokens.auditor, STATEMENT, { lotId: metalLotId })).recycledContentStatement;
    expect(statement.lotId).toBe(metalLotId);
    expect(statement.elements).toEqual([
      {
        element: 'Tb',
        massKg: '10.500000',
        stated: true,
        categories: [
          { category: 'POST_CONSUMER', massKg: '5.936227', share: '0.565354913935' },
          { category: 'PRE_CONSUMER', massKg: '2.782606', share: '0.265010115907' },
          { category: 'PRIMARY', massKg: '1.781055', share: '0.169624319980' },
          { category: 'UNATTRIBUTED', massKg: '0.000112', share: '0.000010650178' },
        ],
      },
    ]);

    // ---- Every genealogy topic of the chain read (other tests' events may be on a shared broker too).
    const watermark = (await ok(tokens.auditor, WATERMARK)).traceabilityWatermark;
    expect([...new Set(watermark.topics.map((t: any) => t.topic))]).toEqual(
      expect.arrayContaining([
        'rre.concentration.lot-events.v1',
        'rre.concentration.run-events.v1',
        'rre.intake.lot-events.v1',
        'rre.reduction.lot-events.v1',
        'rre.reduction.run-events.v1',
        'rre.separation.lot-events.v1',
        'rre.separation.run-events.v1',
      ]),
    );

    // ---- The recycler whose lots these are traces the metal to them; another recycler cannot see it.
    const own = (await ok(tokens.recycler, TRACE, { lotId: metalLotId, element: 'Tb' })).backwardTrace[0];
    expect(own.sources.map((s: any) => [s.kind, s.attributedKg])).toEqual([
      ['SOURCE_LOT', '5.936227'],
      ['SOURCE_LOT', '2.782606'],
      ['SOURCE_LOT', '1.781055'],
      ['UNATTRIBUTED', '0.000112'],
    ]);
    const refused = await call(tokens.otherRecycler, TRACE, { lotId: metalLotId, element: 'Tb' });
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'UNKNOWN_LOT',
      field: 'lotId',
      value: metalLotId,
    });
  });
});
