import {
  adsorbentCondition,
  checkBatchForRun,
  newAdsorbentBatch,
  recordCapacity,
  retireBatch,
} from './adsorbent-batch';

const at = new Date('2026-04-01T08:00:00Z');
const policy = { warningLossShare: '0.2' };

function measured(batch: ReturnType<typeof newAdsorbentBatch>, cycleNumber: number, capacityMgPerG: string) {
  return recordCapacity(batch, {
    cycleNumber,
    capacityMgPerG,
    measuredAt: at,
    runId: undefined,
    recordedBy: 'op-1',
  });
}

describe('adsorbent batch', () => {
  const fresh = newAdsorbentBatch({
    id: 'b1',
    code: 'ADS-7',
    material: 'DGA resin',
    registeredAt: at,
    registeredBy: 'op-1',
  });

  it('warns only once the batch has lost more than 20 % of its first-cycle capacity', () => {
    let batch = measured(fresh, 1, '50');
    batch = measured(batch, 2, '45');
    expect(adsorbentCondition(batch, policy)).toEqual({
      firstCapacityMgPerG: '50',
      latestCapacityMgPerG: '45',
      capacityLossShare: '0.1',
      warning: false,
      retired: false,
    });
    batch = measured(batch, 3, '40'); // exactly 20 %: no warning yet
    expect(adsorbentCondition(batch, policy).warning).toBe(false);
    batch = measured(batch, 4, '39.9');
    expect(adsorbentCondition(batch, policy)).toMatchObject({ capacityLossShare: '0.202', warning: true });
  });

  it('refuses cycles out of order, and anything on a retired batch', () => {
    const batch = measured(fresh, 1, '50');
    expect(() => measured(batch, 1, '49')).toThrow(
      'cycleNumber: got 1, must be after the last measured cycle 1 of batch ADS-7',
    );
    expect(() => checkBatchForRun(batch, 1)).toThrow('adsorption.cycleNumber: got 1');
    const retired = retireBatch(batch, 'capacity below 60 %', at, 'op-2');
    expect(adsorbentCondition(retired, policy).retired).toBe(true);
    expect(() => measured(retired, 2, '30')).toThrow(
      'adsorbentBatchId: got ADS-7, must be a batch in service',
    );
    expect(() => checkBatchForRun(retired, 2)).toThrow('adsorption.adsorbentBatchId: got ADS-7');
  });
});
