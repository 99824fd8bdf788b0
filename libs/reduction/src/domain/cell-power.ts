import type Decimal from 'decimal.js';
import { parseDecimal } from '@rre/quantities';
import { isUsable, type TimedValue } from '@rre/process-runs';

// Rec 20 codes of the measurement library's CURRENT and VOLTAGE kinds, as multiples of A and V.
const TO_AMPERE: Readonly<Record<string, string>> = { AMP: '1', '4K': '0.001', B22: '1000' };
const TO_VOLT: Readonly<Record<string, string>> = { VLT: '1', '2Z': '0.001', KVT: '1000' };

function scaled(samples: readonly TimedValue[], factor: string | undefined, unit: string): TimedValue[] {
  if (factor === undefined) throw new Error(`no conversion for the unit ${unit}`);
  return samples.map((s) => ({ ...s, value: parseDecimal(s.value).times(factor) }));
}

/** A current series in amperes, whatever Rec 20 unit it was recorded in (A, mA, kA). */
export function inAmperes(samples: readonly TimedValue[], unit: string): TimedValue[] {
  return scaled(samples, TO_AMPERE[unit], unit);
}

/** A voltage series in volts (V, mV, kV). */
export function inVolts(samples: readonly TimedValue[], unit: string): TimedValue[] {
  return scaled(samples, TO_VOLT[unit], unit);
}

const byTime = (a: TimedValue, b: TimedValue) =>
  a.epochMicros < b.epochMicros ? -1 : a.epochMicros > b.epochMicros ? 1 : 0;

/** The straight line between two voltage samples, at an instant between them. */
function interpolated(before: TimedValue, after: TimedValue, epochMicros: bigint): Decimal {
  const v1 = parseDecimal(before.value);
  const v2 = parseDecimal(after.value);
  const share = parseDecimal(epochMicros - before.epochMicros).div(
    parseDecimal(after.epochMicros - before.epochMicros),
  );
  return v1.plus(v2.minus(v1).times(share));
}

/**
 * DC power of the cell, W, at every instant the current was recorded: I x U with the cell voltage
 * at that instant (the usable voltage sample there, else the straight line between the usable ones
 * just before and after). A current sample keeps its quality, so a bad or negative current is left
 * out of the energy as it is left out of the charge; instants outside the recorded voltage have no
 * power and count as not covered.
 */
export function cellPower(currentA: readonly TimedValue[], voltageV: readonly TimedValue[]): TimedValue[] {
  const voltage = voltageV.filter((s) => isUsable(s.quality)).sort(byTime);
  const power: TimedValue[] = [];
  let next = 0; // the first voltage sample at or after the current sample's instant
  for (const sample of [...currentA].sort(byTime)) {
    while (next < voltage.length && voltage[next].epochMicros < sample.epochMicros) next += 1;
    const at = voltage[next];
    const before = voltage[next - 1];
    let volts: Decimal | undefined;
    if (at !== undefined && at.epochMicros === sample.epochMicros) volts = parseDecimal(at.value);
    else if (at !== undefined && before !== undefined) volts = interpolated(before, at, sample.epochMicros);
    if (volts === undefined) continue;
    power.push({ ...sample, value: parseDecimal(sample.value).times(volts) });
  }
  return power;
}
