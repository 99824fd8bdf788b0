/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL answers are read as untyped JSON, as in the spec files that run this scenario */
import { loadOrCreateSigningKey, mintToken } from '@rre/auth';
import { waitFor } from '@rre/testing';
import path from 'node:path';
import type { RunningPlatform } from '../bootstrap';
import { scenarioClient } from './concentration-scenario';
import { receiveTerbiumOxideFromSeparation, ReductionMutations } from './reduction-scenario';

const TRACE = `query ($lotId: ID!, $element: String) { backwardTrace(lotId: $lotId, element: $element) {
  lotId element elementMassKg exactElementMassKg roundingRule
  sources { kind lotId lotCode sourceCategory supplierOrganisationId attributedKg share paths { runIds } } } }`;
const TRACE_LOT = `query ($id: ID!) { traceLot(id: $id) { id traceability {
  lotId lotCode massKg service outputRole composition { element fraction }
  producedBy { runId service kind status inputs { lotId role massKg elements { element massKg } }
    outputs { lotId role massKg elements { element massKg } } losses { element massKg } } } } }`;
export const WATERMARK = `{ traceabilityWatermark { heldEvents topics { topic source partition position events } } }`;

/**
 * Issue 9's first slice with known numbers, through GraphQL on a running platform: the chain intake ->
 * concentration -> separation -> reduction of the earlier scenarios, then the Tb4O7 distilled into
 * Tb metal, whose Tb is traced back to the intake lots to the milligram. Returns the metal lot id.
 */
export async function traceTerbiumMetalToSources(
  platform: RunningPlatform,
  dataDir: string,
): Promise<string> {
  const oxideLotId = await receiveTerbiumOxideFromSeparation(platform, dataDir);
  const { ok, call, tokens } = await scenarioClient(platform, dataDir);
  const tag = Date.now().toString(36);
  const key = (name: string) => `${tag}-trace-${name}`;

  // ---- Distil the whole oxide lot (12.437 kg; Tb 0.844264036991: 10.500111828057067 kg Tb) into
  // 10.5 kg of Tb metal (Tb 1 +- 0.00002: tolerance 2 x 0.21 g covers the 0.11 g not recovered).
  const runId: string = (
    await ok(tokens.mes, ReductionMutations.planDistillation, {
      key: key('plan'),
      input: {
        equipmentId: 'VD-2',
        workOrder: 'WO-T-1',
        distillation: {
          temperatureCelsius: '850',
          pressurePa: '5',
          durationHours: '4',
          targetElement: 'Tb',
        },
      },
    })
  ).reductionPlanDistillation.runId;
  await ok(tokens.mes, ReductionMutations.start, { key: key('start'), input: { runId } });
  await ok(tokens.mes, ReductionMutations.take, { key: key('take'), input: { runId, lotId: oxideLotId } });
  const metalLotId: string = (
    await ok(tokens.mes, ReductionMutations.declare, {
      key: key('metal'),
      input: {
        runId,
        lotCode: `TB-METAL-${tag}`,
        role: 'PRODUCT',
        mass: { value: '10.5', unit: 'KGM' },
        composition: { unit: 'C62', contents: [{ element: 'Tb', value: '1', uncertainty: '0.00002' }] },
        compositionStatus: 'FINAL',
        materialKind: 'RE_METAL',
      },
    })
  ).reductionDeclareOutput.lotIds[0];
  // The oxide's Dy (12.437 kg x 0.00603 = 0.07499511 kg) stays in a 1 kg residue.
  await ok(tokens.mes, ReductionMutations.declare, {
    key: key('residue'),
    input: {
      runId,
      lotCode: `VD-RESIDUE-${tag}`,
      role: 'RESIDUE',
      mass: { value: '1', unit: 'KGM' },
      composition: { unit: 'C62', contents: [{ element: 'Dy', value: '0.07499511' }] },
      compositionStatus: 'FINAL',
    },
  });
  await ok(tokens.mes, ReductionMutations.complete, { key: key('complete'), input: { runId } });

  // ---- The genealogy catches up through the event log.
  // On Kafka the run's events and the lots' events come on different topics, in no set order
  // between them: wait for the take (a lot event) as well as for the completion (a run event).
  await waitFor(
    async () => {
      const producedBy = (await ok(tokens.auditor, TRACE_LOT, { id: metalLotId })).traceLot?.traceability
        ?.producedBy;
      return producedBy?.status === 'COMPLETED' && producedBy.inputs?.length > 0;
    },
    'traceability knows the metal lot and its completed run with its input',
    { timeoutMs: 60_000 },
  );
  const metal = (await ok(tokens.auditor, TRACE_LOT, { id: metalLotId })).traceLot;
  expect(metal.traceability).toMatchObject({
    lotId: metalLotId,
    massKg: '10.5',
    service: 'reduction',
    outputRole: 'PRODUCT',
    composition: [{ element: 'Tb', fraction: '1' }],
  });
  expect(metal.traceability.producedBy).toMatchObject({
    runId,
    service: 'reduction',
    kind: 'VACUUM_DISTILLATION',
    inputs: [{ lotId: oxideLotId, role: 'INPUT', massKg: '12.437' }],
  });
  expect(metal.traceability.producedBy.inputs[0].elements).toContainEqual({
    element: 'Tb',
    massKg: '10.500111828057067',
  });

  // ---- Tb, run by run (figures of the concentration and separation scenarios):
  // leaching: magnet 800 kg x 0.8 % = 6.4 kg + swarf 500 kg x 0.6 % = 3 kg -> liquor Tb 9.306 (and
  //   residue 0.094): the liquor is 6.4/9.4 magnet, 3/9.4 swarf;
  // ore adsorption: ore 20 t x 100 ppm = 2 kg -> concentrate Tb 1.901;
  // solvent extraction: concentrate 1.901 + liquor 9.306 = 11.207 kg -> Tb-rich 10.64665 (outputs
  //   11.207: closes), so 1.901/11.207 ore, 9.306/11.207 liquor;
  // precipitation: Tb-rich 10.64665 -> oxalate 10.5 + filtrate 0.14665 (closes);
  // calcination: oxalate 10.5 -> Tb4O7 holding 10.500111828057067 kg: 0.000111828057067 kg more
  //   than fed, so that share of the oxide (0.000111828/10.500111828) is unattributed;
  // distillation: the oxide's 10.500111828057067 kg -> metal 10.5 kg (0.11 g unrecovered).
  // Metal Tb 10.5 kg, k = 10.5 / 10.500111828057067:
  //   magnet 10.5 k x 9.306/11.207 x 6.4/9.4 = 5.936226596 kg, swarf ... x 3/9.4 = 2.782606217 kg,
  //   ore 10.5 k x 1.901/11.207 = 1.781055360 kg, unattributed 10.5 (1 - k) = 0.000111827 kg.
  // In mg the floors 5,936,226 + 2,782,606 + 1,781,055 + 111 = 10,499,998 leave 2 mg, which go to the
  // largest remainders: unattributed (0.827) and the magnet lot (0.596).
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
      s.lotCode,
      s.sourceCategory,
      s.supplierOrganisationId,
      s.attributedKg,
      s.paths.length,
    ]),
  ).toEqual([
    ['SOURCE_LOT', 'L-2026-00001', 'POST_CONSUMER', 'org-recycler-a', '5.936227', 1],
    ['SOURCE_LOT', 'L-2026-00002', 'PRE_CONSUMER', 'org-recycler-a', '2.782606', 1],
    ['SOURCE_LOT', 'L-2026-00003', 'PRIMARY', 'org-recycler-a', '1.781055', 1],
    ['UNATTRIBUTED', null, null, null, '0.000112', 1],
  ]);
  const sumMg = trace.sources.reduce(
    (sum: bigint, s: any) => sum + BigInt(s.attributedKg.replace('.', '')),
    0n,
  );
  expect(sumMg).toBe(10_500_000n);
  // Five runs from the magnet lot to the metal: leaching, solvent extraction, precipitation, calcination, distillation.
  expect(trace.sources[0].paths[0].runIds).toHaveLength(5);
  expect(trace.sources[0].paths[0].runIds[4]).toBe(runId);
  expect(trace.sources[3].paths[0].runIds).toHaveLength(2);

  // ---- The same through Lot.traceability, and for every element of the lot.
  const viaLot = (
    await ok(
      tokens.auditor,
      `query ($id: ID!) { traceLot(id: $id) { traceability { backwardTrace { element elementMassKg } } } }`,
      {
        id: metalLotId,
      },
    )
  ).traceLot.traceability.backwardTrace;
  expect(viaLot).toEqual([{ element: 'Tb', elementMassKg: '10.500000' }]);

  // ---- Every topic read, nothing held. On Kafka an event can still be held for a moment when it
  // came before its predecessor on another topic: the gate releases it when the predecessor comes.
  let watermark: any;
  await waitFor(
    async () => {
      watermark = (await ok(tokens.auditor, WATERMARK)).traceabilityWatermark;
      return watermark.heldEvents === 0;
    },
    'traceability holds no event',
    { timeoutMs: 60_000 },
  );
  expect(watermark.heldEvents).toBe(0);
  // One row per topic and source (partition on Kafka, outbox schema embedded).
  expect([...new Set(watermark.topics.map((t: any) => t.topic))]).toEqual([
    'rre.concentration.lot-events.v1',
    'rre.concentration.run-events.v1',
    'rre.intake.lot-events.v1',
    'rre.reduction.lot-events.v1',
    'rre.reduction.run-events.v1',
    // Sales received (and accepted) the reduction scenario's metal lot.
    'rre.sales.lot-events.v1',
    'rre.separation.lot-events.v1',
    'rre.separation.run-events.v1',
  ]);

  // ---- The recycler whose lots these are sees them; another recycler cannot trace the metal at
  // all, and a bad element is refused with field, value and rule.
  const other = await mintToken(await loadOrCreateSigningKey(path.join(dataDir, 'keys')), {
    subject: 'usr-recycler-9',
    organisationId: 'org-recycler-b',
    roles: ['recycler'],
  });
  const own = (await ok(tokens.recycler, TRACE, { lotId: metalLotId, element: 'Tb' })).backwardTrace[0];
  expect(own.sources.map((s: any) => [s.kind, s.supplierOrganisationId, s.attributedKg])).toEqual([
    ['SOURCE_LOT', 'org-recycler-a', '5.936227'],
    ['SOURCE_LOT', 'org-recycler-a', '2.782606'],
    ['SOURCE_LOT', 'org-recycler-a', '1.781055'],
    ['UNATTRIBUTED', null, '0.000112'],
  ]);
  expect((await ok(other, TRACE_LOT, { id: metalLotId })).traceLot).toBeNull();
  const refused = await call(other, TRACE, { lotId: metalLotId, element: 'Tb' });
  expect(refused.errors?.[0]?.extensions).toMatchObject({
    code: 'UNKNOWN_LOT',
    field: 'lotId',
    value: metalLotId,
  });
  const bad = await call(tokens.auditor, TRACE, { lotId: metalLotId, element: 'terbium' });
  expect(bad.errors?.[0]).toMatchObject({
    message: 'element: got "terbium", must be an element symbol such as "Tb" or "Dy"',
    extensions: { code: 'INVALID_INPUT', field: 'element', value: '"terbium"' },
  });
  return metalLotId;
}
