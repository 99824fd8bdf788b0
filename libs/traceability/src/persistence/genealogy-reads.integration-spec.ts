import 'reflect-metadata';
import { uniqueSchemaName } from '@rre/persistence';
import { openTraceTestDatabase, type TraceTestDatabase } from '../test-support/trace-test-database';
import { GenealogyStore } from './genealogy.store';

const schema = uniqueSchemaName('traceability');
const store = new GenealogyStore();
const at = new Date('2026-11-20T08:00:00Z');
let db: TraceTestDatabase;

beforeAll(async () => {
  db = await openTraceTestDatabase(schema);
  // S1, S2 -> R1 -> P1 (product) + W1 (residue); P1 + S3 -> R2 -> P2 (R2 also took S3 twice, returned some).
  await db.dataSource.transaction(async (manager) => {
    const tb = (fraction: string) => [{ element: 'Tb', fraction }];
    const source = async (lotId: string, massKg: string, fraction: string) => {
      await store.noteLot(manager, lotId, 'intake', at, {
        lotCode: `LOT-${lotId}`,
        sourceCategory: 'POST_CONSUMER',
        supplierOrganisationId: 'org-recycler-a',
        firstMassKg: massKg,
      });
      await store.stateComposition(manager, lotId, tb(fraction), at, true);
    };
    const take = (movementId: string, runId: string, lotId: string, kind: string, massKg: string) =>
      store.recordMovement(manager, { movementId, runId, lotId, kind, massKg, at });
    const produce = async (lotId: string, runId: string, role: string, massKg: string, fraction: string) => {
      await store.noteLot(manager, lotId, 'concentration', at);
      await store.recordProduced(manager, lotId, runId, role, massKg);
      await store.stateComposition(manager, lotId, tb(fraction), at, true);
    };
    await source('S1', '100', '0.01');
    await source('S2', '50', '0.02');
    await source('S3', '40', '0.05');
    await store.noteRun(manager, 'R1', 'concentration', at, { kind: 'LEACHING', status: 'COMPLETED' });
    await store.noteRun(manager, 'R2', 'concentration', at, { kind: 'LEACHING', status: 'COMPLETED' });
    await take('M1', 'R1', 'S1', 'INPUT', '100.000');
    await take('M2', 'R1', 'S2', 'INPUT', '50');
    await produce('P1', 'R1', 'PRODUCT', '10', '0.15');
    await produce('W1', 'R1', 'RESIDUE', '140', '0.003');
    await take('M3', 'R2', 'P1', 'OPENING_INVENTORY', '10');
    await take('M4', 'R2', 'S3', 'INPUT', '12.50');
    await take('M5', 'R2', 'S3', 'INPUT', '7.5');
    await take('M6', 'R2', 'S3', 'RETURN', '2.000');
    await produce('P2', 'R2', 'PRODUCT', '5', '0.4');
  });
});

afterAll(async () => {
  await db.close();
});

describe('GenealogyStore reads', () => {
  it("states a run's net takes per lot: several takes summed, returns subtracted, trailing zeros dropped", async () => {
    const [r1, r2] = await store.runs(db.dataSource, ['R1', 'R2']);
    expect(r1?.inputs).toEqual([
      { lotId: 'S1', role: 'INPUT', netMassKg: '100' },
      { lotId: 'S2', role: 'INPUT', netMassKg: '50' },
    ]);
    // S3: 12.50 + 7.5 - 2.000 = 18 kg.
    expect(r2?.inputs).toEqual([
      { lotId: 'P1', role: 'OPENING_INVENTORY', netMassKg: '10' },
      { lotId: 'S3', role: 'INPUT', netMassKg: '18' },
    ]);
  });

  it('reads everything upstream of a lot through produced and source inputs, the same now and as of now', async () => {
    const summary = async (asOf?: Date) => {
      const genealogy = await store.upstreamOf(db.dataSource, 'P2', asOf);
      return {
        runs: ['R1', 'R2'].map((runId) => genealogy.run(runId)?.inputs.length),
        lots: ['S1', 'S2', 'S3', 'P1', 'W1', 'P2'].map((lotId) => {
          const lot = genealogy.lot(lotId);
          return [lot?.producedByRunId ?? null, lot?.composition.Tb, lot?.compositionUncertainty];
        }),
      };
    };
    const expected = {
      runs: [2, 2],
      lots: [
        [null, '0.01', {}],
        [null, '0.02', {}],
        [null, '0.05', {}],
        ['R1', '0.15', {}],
        ['R1', '0.003', {}],
        ['R2', '0.4', {}],
      ],
    };
    expect(await summary()).toEqual(expected);
    expect(await summary(new Date())).toEqual(expected);
    expect(await store.upstreamRunIds(db.dataSource, ['P2'])).toEqual(['R1', 'R2']);
    expect(await store.upstreamRunIds(db.dataSource, ['P1'])).toEqual(['R1']);
    expect(await store.upstreamRunIds(db.dataSource, ['S3'])).toEqual([]);
  });
});
