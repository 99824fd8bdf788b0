import type { Principal } from '@rre/auth';
import type { DataSource } from 'typeorm';
import { type CarbonFootprint, carbonFootprintOf } from '../domain/carbon-footprint';
import type { Genealogy } from '../domain/genealogy';
import { lotsEnteringShares, statementElementsOf } from '../domain/recycled-content';
import { recycledContentStatementOf, type StatementFigures } from '../domain/recycled-content-statement';
import { TraceabilityError } from '../domain/traceability-error';
import { GenealogyStore } from '../persistence/genealogy.store';
import { RunEmissionStore } from '../persistence/run-emission.store';
import { type FrozenStatement, StatementStore } from '../persistence/statement.store';
import { readsEveryLot, recyclerMayTrace } from './trace-view';

const ELEMENT_SYMBOL = /^[A-Z][a-z]?$/;

/**
 * Recycled-content statements (live, and frozen when a lot is shipped) and the CO2 footprint of a
 * lot. A statement states no supplier and no source lot, so whoever may trace the lot may read it:
 * the plant's staff and auditors every lot, a recycler the lots its own source lots went into.
 */
export class StatementApplication {
  private readonly genealogy = new GenealogyStore();
  private readonly emissions = new RunEmissionStore();
  private readonly statements = new StatementStore();

  constructor(private readonly options: { readonly dataSource: DataSource }) {}

  /** The lot's statement as the genealogy stands now, or as it was known at `asOf` (not frozen, not stored). */
  async recycledContentStatement(
    principal: Principal,
    lotId: string,
    elements?: readonly string[],
    asOf?: Date,
  ): Promise<StatementFigures> {
    for (const element of elements ?? []) {
      if (!ELEMENT_SYMBOL.test(element)) {
        throw new TraceabilityError({
          code: 'INVALID_INPUT',
          field: 'elements',
          value: JSON.stringify(element),
          rule: 'must be element symbols such as "Tb" or "Dy"',
        });
      }
    }
    const upstream = await this.traceable(principal, lotId, asOf);
    const chosen =
      elements === undefined || elements.length === 0
        ? statementElementsOf(upstream.lot(lotId))
        : [...new Set(elements)];
    return recycledContentStatementOf(upstream, lotId, chosen, await this.emissionsOf(upstream, lotId, asOf));
  }

  async carbonFootprint(principal: Principal, lotId: string, asOf?: Date): Promise<CarbonFootprint> {
    const upstream = await this.traceable(principal, lotId, asOf);
    return carbonFootprintOf(upstream, lotId, await this.emissionsOf(upstream, lotId, asOf));
  }

  /** A frozen statement, if the caller may trace its lot (else undefined, as for an unknown one). */
  async statement(principal: Principal, statementId: string): Promise<FrozenStatement | undefined> {
    const statement = await this.statements.byId(this.options.dataSource, statementId);
    if (!statement || !(await this.mayTrace(principal, statement.lotId))) return undefined;
    return statement;
  }

  async statementsOfLot(principal: Principal, lotId: string): Promise<FrozenStatement[]> {
    await this.traceable(principal, lotId);
    return this.statements.ofLot(this.options.dataSource, lotId);
  }

  private async emissionsOf(upstream: Genealogy, lotId: string, asOf?: Date) {
    const runIds = lotsEnteringShares(upstream, lotId).flatMap(
      (id) => upstream.lot(id)?.producedByRunId ?? [],
    );
    return this.emissions.of(this.options.dataSource, [...new Set(runIds)], asOf);
  }

  private async mayTrace(principal: Principal, lotId: string): Promise<boolean> {
    if (readsEveryLot(principal)) return true;
    const upstream = await this.genealogy.upstreamOf(this.options.dataSource, lotId);
    return recyclerMayTrace(principal, sourceLotsOf(upstream, lotId));
  }

  /** The lot's upstream genealogy; UNKNOWN_LOT for an unknown lot and one the caller may not trace alike. */
  private async traceable(principal: Principal, lotId: string, asOf?: Date): Promise<Genealogy> {
    const upstream = await this.genealogy.upstreamOf(this.options.dataSource, lotId, asOf);
    if (
      !upstream.lot(lotId) ||
      (!readsEveryLot(principal) && !recyclerMayTrace(principal, sourceLotsOf(upstream, lotId)))
    ) {
      throw new TraceabilityError({
        code: 'UNKNOWN_LOT',
        field: 'lotId',
        value: lotId,
        rule: 'must be a lot the traceability service knows and the caller may trace',
      });
    }
    return upstream;
  }
}

/** The lots no run produced among the lots upstream of a lot. */
export function sourceLotsOf(genealogy: Genealogy, lotId: string) {
  return lotsEnteringShares(genealogy, lotId).flatMap((id) => {
    const lot = genealogy.lot(id);
    return lot && lot.producedByRunId === undefined ? [lot] : [];
  });
}
