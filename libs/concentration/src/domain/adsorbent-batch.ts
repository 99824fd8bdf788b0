import Decimal from 'decimal.js';
import { parseDecimal, toPlainString } from '@rre/quantities';
import { ConcentrationError } from './concentration-error';
import { boundedDecimal, textOf } from './decimal-field';

/** Capacity of the adsorbent measured after one cycle: mg of Dy + Tb taken up per g of adsorbent. */
export interface AdsorbentCapacityMeasurement {
  readonly cycleNumber: number;
  readonly capacityMgPerG: string;
  readonly measuredAt: Date;
  /** The adsorption run of that cycle, when the capacity was measured on one. */
  readonly runId: string | undefined;
  readonly recordedBy: string;
}

/** A batch of the selective adsorbent, tracked as an asset: it loses capacity with every cycle. */
export interface AdsorbentBatch {
  readonly id: string;
  /** The plant's name for the batch, unique, e.g. "ADS-2026-007". */
  readonly code: string;
  readonly material: string;
  readonly registeredAt: Date;
  readonly registeredBy: string;
  /** In cycle order. */
  readonly measurements: readonly AdsorbentCapacityMeasurement[];
  readonly retiredAt: Date | undefined;
  readonly retirementReason: string | undefined;
  readonly retiredBy: string | undefined;
}

/** When a batch that lost more than `warningLossShare` of its first-cycle capacity gets a warning. */
export interface AdsorbentPolicy {
  /** A plain fraction, e.g. "0.2" for 20 %. */
  readonly warningLossShare: string;
}

export const DEFAULT_ADSORBENT_POLICY: AdsorbentPolicy = { warningLossShare: '0.2' };

export interface AdsorbentCondition {
  readonly firstCapacityMgPerG: string | undefined;
  readonly latestCapacityMgPerG: string | undefined;
  /** 1 - latest / first, rounded once to 6 decimal places; undefined before two measurements. */
  readonly capacityLossShare: string | undefined;
  /** True when the loss is above the policy's share: the batch should be regenerated or retired. */
  readonly warning: boolean;
  readonly retired: boolean;
}

export function newAdsorbentBatch(input: {
  id: string;
  code: string;
  material: string;
  registeredAt: Date;
  registeredBy: string;
}): AdsorbentBatch {
  return {
    id: input.id,
    code: textOf(input.code, 'code', 60),
    material: textOf(input.material, 'material'),
    registeredAt: input.registeredAt,
    registeredBy: input.registeredBy,
    measurements: [],
    retiredAt: undefined,
    retirementReason: undefined,
    retiredBy: undefined,
  };
}

function refuseIfRetired(batch: AdsorbentBatch, field: string): void {
  if (batch.retiredAt !== undefined) {
    throw new ConcentrationError({
      code: 'ADSORBENT_RETIRED',
      field,
      value: batch.code,
      rule: `must be a batch in service; it was retired on ${batch.retiredAt.toISOString()} (${batch.retirementReason ?? ''})`,
    });
  }
}

/** The cycle number the next run of this batch may use: one past the last measured cycle. */
export function lastMeasuredCycle(batch: AdsorbentBatch): number {
  return batch.measurements.at(-1)?.cycleNumber ?? 0;
}

/** Refuses a run on a retired batch, or one whose cycle number was already measured. */
export function checkBatchForRun(batch: AdsorbentBatch, cycleNumber: number, field = 'adsorption'): void {
  refuseIfRetired(batch, `${field}.adsorbentBatchId`);
  if (cycleNumber <= lastMeasuredCycle(batch)) {
    throw new ConcentrationError({
      code: 'CYCLE_OUT_OF_ORDER',
      field: `${field}.cycleNumber`,
      value: String(cycleNumber),
      rule: `must be after the last measured cycle ${lastMeasuredCycle(batch)} of batch ${batch.code}`,
    });
  }
}

/** Adds the capacity measured after a cycle; cycles must come in increasing order. */
export function recordCapacity(
  batch: AdsorbentBatch,
  measurement: AdsorbentCapacityMeasurement,
): AdsorbentBatch {
  refuseIfRetired(batch, 'adsorbentBatchId');
  if (!Number.isInteger(measurement.cycleNumber) || measurement.cycleNumber < 1) {
    throw new ConcentrationError({
      code: 'OUT_OF_RANGE',
      field: 'cycleNumber',
      value: String(measurement.cycleNumber),
      rule: 'must be a whole number of at least 1',
    });
  }
  if (measurement.cycleNumber <= lastMeasuredCycle(batch)) {
    throw new ConcentrationError({
      code: 'CYCLE_OUT_OF_ORDER',
      field: 'cycleNumber',
      value: String(measurement.cycleNumber),
      rule: `must be after the last measured cycle ${lastMeasuredCycle(batch)} of batch ${batch.code}`,
    });
  }
  const capacity = boundedDecimal(measurement.capacityMgPerG, 'capacityMgPerG', {
    atLeast: '0',
    atMost: '1000',
    unit: 'mg/g',
  });
  return {
    ...batch,
    measurements: [...batch.measurements, { ...measurement, capacityMgPerG: toPlainString(capacity) }],
  };
}

export function retireBatch(batch: AdsorbentBatch, reason: string, at: Date, by: string): AdsorbentBatch {
  refuseIfRetired(batch, 'adsorbentBatchId');
  return { ...batch, retiredAt: at, retirementReason: textOf(reason, 'reason', 500), retiredBy: by };
}

/** How much capacity the batch has lost since its first cycle, and whether that needs a warning. */
export function adsorbentCondition(batch: AdsorbentBatch, policy: AdsorbentPolicy): AdsorbentCondition {
  const first = batch.measurements[0];
  const latest = batch.measurements.at(-1);
  let loss: Decimal | undefined;
  if (first && latest && batch.measurements.length > 1) {
    const firstCapacity = parseDecimal(first.capacityMgPerG);
    loss = firstCapacity.isZero()
      ? undefined
      : parseDecimal('1').minus(parseDecimal(latest.capacityMgPerG).div(firstCapacity));
  }
  return {
    firstCapacityMgPerG: first?.capacityMgPerG,
    latestCapacityMgPerG: latest?.capacityMgPerG,
    capacityLossShare:
      loss === undefined ? undefined : toPlainString(loss.toDecimalPlaces(6, Decimal.ROUND_HALF_EVEN)),
    warning: loss !== undefined && loss.greaterThan(policy.warningLossShare),
    retired: batch.retiredAt !== undefined,
  };
}
