import { parseDecimal, toPlainString } from '@rre/quantities';
import type Decimal from 'decimal.js';
import type { PlantActor } from '../plant/plant-actors';
import type { SeededRandom } from '../random/seeded-random';
import type { OperationName } from './graphql-documents';
import {
  type Composition,
  elementKg,
  type LedgerElementBalance,
  type LedgerLot,
  type PlantLedger,
  type RunKind,
} from './plant-ledger';
import type { Expectation, FaultKind, HeldLotCondition, PlanValue } from './planned-request';
import { ref } from './planned-request';

/**
 * What the separation and reduction stages need from the planner: to add a request, to decide a
 * fault, the simulated clock, and the ledger. One planner implements it; the stages only plan.
 */
export interface PlanContext {
  readonly tag: string;
  readonly ledger: PlantLedger;
  add(
    day: number,
    actor: PlantActor,
    operation: OperationName,
    variables: { [key: string]: PlanValue },
    options: {
      expect?: Expectation;
      capture?: Record<string, string>;
      waitFor?: HeldLotCondition[];
      fault?: FaultKind;
      keyOf?: string;
      note?: string;
      label: string;
    },
  ): string;
  fault(kind: FaultKind, random: SeededRandom): boolean;
  /** An instant of the simulated day, ISO 8601 UTC. */
  at(day: number, hour: number, minute: number): string;
  workOrder(day: number, run: number): string;
  /** The next run number (shared by every service: MES ids and lot codes stay unique). */
  nextRunNumber(): number;
  /** Waited for once the plan is sent: hand-overs settled at the service that offered them. */
  settleLater(condition: HeldLotCondition): void;
}

const ZERO = parseDecimal('0');

export const kg = (value: Decimal): PlanValue => ({ value: toPlainString(value), unit: 'KGM' });

export function compositionInput(composition: Composition): PlanValue {
  const contents = [...composition].map(([element, { fraction, uncertainty }]): PlanValue => {
    const content: { [key: string]: PlanValue } = { element, value: toPlainString(fraction) };
    if (uncertainty !== undefined) content['uncertainty'] = toPlainString(uncertainty);
    return content;
  });
  return { unit: 'C62', contents };
}

/**
 * The books of one separation or reduction run, kept as the platform keeps them: what was taken
 * (mass x the lot's current fractions), what the outputs hold (mass x declared fractions), the
 * declared losses, and the tolerance (k = 2 times the root-sum-square of every term's standard
 * uncertainty), per balanced element.
 */
export class RunBooks {
  readonly fed = new Map<string, Decimal>();
  readonly outputs: LedgerLot[] = [];
  readonly losses: { element: string; massKg: Decimal; uncertaintyKg: Decimal }[] = [];
  private readonly variance = new Map<string, Decimal>();

  constructor(
    readonly ref: string,
    readonly kind: RunKind,
    readonly balancedElements: readonly string[],
  ) {}

  private addVariance(element: string, u: Decimal): void {
    this.variance.set(element, (this.variance.get(element) ?? ZERO).plus(u.times(u)));
  }

  take(lot: LedgerLot, takeKg: Decimal): void {
    lot.remainingKg = lot.remainingKg.minus(takeKg);
    for (const element of this.balancedElements) {
      const content = lot.composition.get(element);
      if (!content) continue;
      this.fed.set(element, (this.fed.get(element) ?? ZERO).plus(takeKg.times(content.fraction)));
      if (content.uncertainty) this.addVariance(element, takeKg.times(content.uncertainty));
    }
  }

  fedKg(element: string): Decimal {
    return this.fed.get(element) ?? ZERO;
  }

  output(lot: LedgerLot): void {
    this.outputs.push(lot);
  }

  loss(element: string, massKg: Decimal, uncertaintyKg: Decimal): void {
    this.losses.push({ element, massKg, uncertaintyKg });
  }

  /** Per element: inputs, outputs (as the lots' compositions now read), losses and tolerance. */
  balance(): Map<string, LedgerElementBalance> {
    const elements = new Map<string, LedgerElementBalance>();
    for (const element of this.balancedElements) {
      const inputsKg = this.fedKg(element);
      const outputsKg = this.outputs.reduce(
        (sum, lot) => sum.plus(elementKg(lot.massKg, lot.composition, element)),
        ZERO,
      );
      const lossesKg = this.losses
        .filter((l) => l.element === element)
        .reduce((sum, l) => sum.plus(l.massKg), ZERO);
      if (inputsKg.isZero() && outputsKg.isZero() && lossesKg.isZero()) continue;
      let variance = this.variance.get(element) ?? ZERO;
      for (const lot of this.outputs) {
        const u = lot.composition.get(element)?.uncertainty;
        if (u) variance = variance.plus(lot.massKg.times(u).pow(2));
      }
      for (const loss of this.losses.filter((l) => l.element === element)) {
        variance = variance.plus(loss.uncertaintyKg.pow(2));
      }
      elements.set(element, { inputsKg, outputsKg, lossesKg, toleranceKg: variance.sqrt().times(2) });
    }
    return elements;
  }

  /** Whether every balanced element closes within its tolerance. */
  closes(): boolean {
    return [...this.balance().values()].every((b) =>
      b.inputsKg.minus(b.outputsKg).minus(b.lossesKg).abs().lessThanOrEqualTo(b.toleranceKg),
    );
  }
}

export { ref, ZERO };
