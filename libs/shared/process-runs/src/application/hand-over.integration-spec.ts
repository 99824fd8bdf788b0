import { fromBinary } from '@bufbuild/protobuf';
import { processV1 } from '@rre/contracts';
import { receiptOfHandOver, settlementOfHandOver } from '../messaging/hand-over-wiring';
import { ProcessRunsHarness, requestBy } from '../test-support/process-runs-harness';

function defined<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}

describe('hand-over from concentration to separation, both on the library (integration)', () => {
  let concentration: ProcessRunsHarness;
  let separation: ProcessRunsHarness;

  beforeAll(async () => {
    concentration = await ProcessRunsHarness.start();
    separation = await ProcessRunsHarness.start({ service: 'separation' }, 4, concentration.database);
  });
  afterAll(async () => {
    await separation.stop();
    await concentration.stop();
  });

  async function offer(lotId: string, code: string): Promise<processV1.LotCustodyTransferred> {
    await concentration.do((r, m) =>
      r.receiveLot(m, requestBy(), {
        lotId,
        lotCode: code,
        kind: 'MATERIAL',
        mass: { value: '200', unit: 'KGM' },
        composition: {
          unit: 'P1',
          contents: [
            { element: 'Dy', value: '20', uncertainty: '0.2' },
            { element: 'Tb', value: '3' },
          ],
        },
        compositionStatus: 'FINAL',
        custody: 'HELD',
      }),
    );
    await concentration.do((r, m) => r.handOverLot(m, requestBy(), { lotId, toService: 'separation' }));
    return fromBinary(
      processV1.LotCustodyTransferredSchema,
      await concentration.lastEventData(lotId, 'rre.concentration.lot.custody-transferred.v1'),
    );
  }

  it('offers the concentrate; separation accepts it with its mass and composition; concentration lets it go', async () => {
    const transferred = await offer('HREE-1', 'HREE-2026-001');
    expect(receiptOfHandOver(transferred, 'reduction')).toBeUndefined();
    const receipt = receiptOfHandOver(transferred, 'separation');
    expect(receipt).toMatchObject({
      lotId: 'HREE-1',
      mass: { value: '200', unit: 'KGM' },
      custody: 'OFFERED',
      from: { service: 'concentration', transferId: transferred.transferId },
    });
    await separation.do((r, m) => r.receiveLot(m, requestBy(), defined(receipt)));
    await separation.do((r, m) => r.acceptLot(m, requestBy(), { lotId: 'HREE-1' }));
    const held = await separation.tx((m) => separation.runs.getLot(m, 'HREE-1'));
    expect([held?.custody, held?.remainingKg, held?.composition?.['Dy']]).toEqual([
      'HELD',
      '200',
      { fraction: '0.2', uncertainty: '0.002' },
    ]);

    const accepted = fromBinary(
      processV1.LotCustodyAcceptedSchema,
      await separation.lastEventData('HREE-1', 'rre.separation.lot.custody-accepted.v1'),
    );
    const settlement = settlementOfHandOver(accepted);
    expect(settlement).toEqual({ transferId: transferred.transferId, accepted: true });
    await concentration.do((r, m) => r.settleHandOver(m, requestBy(), defined(settlement)));
    expect((await concentration.tx((m) => concentration.runs.getLot(m, 'HREE-1')))?.custody).toBe(
      'HANDED_OVER',
    );
  });

  it('a refusal returns the lot to the sender, who holds it again', async () => {
    const transferred = await offer('HREE-2', 'HREE-2026-002');
    await separation.do((r, m) =>
      r.receiveLot(m, requestBy(), defined(receiptOfHandOver(transferred, 'separation'))),
    );
    await separation.do((r, m) =>
      r.refuseLot(m, requestBy(), { lotId: 'HREE-2', reason: 'Th above the feed limit' }),
    );
    const refused = fromBinary(
      processV1.LotCustodyRefusedSchema,
      await separation.lastEventData('HREE-2', 'rre.separation.lot.custody-refused.v1'),
    );
    await concentration.do((r, m) =>
      r.settleHandOver(m, requestBy(), defined(settlementOfHandOver(refused))),
    );
    const lot = await concentration.tx((m) => concentration.runs.getLot(m, 'HREE-2'));
    expect([lot?.custody, lot?.remainingKg]).toEqual(['HELD', '200']);
    expect((await separation.tx((m) => separation.runs.getLot(m, 'HREE-2')))?.custody).toBe('REFUSED');
  });
});
