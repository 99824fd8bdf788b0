import { hasRole, type Principal } from '@rre/auth';
import type { BackwardTrace } from '../domain/attribute-to-sources';
import type { GenealogyLot } from '../domain/genealogy';
import { Rational, scaledIntegerToText } from '../domain/rational';

/** One line of a backward trace as a caller may see it. */
export interface SourceLine {
  /** ANONYMOUS_SOURCES: other suppliers' lots, merged (recyclers only see that they exist, by mass). */
  readonly kind: 'SOURCE_LOT' | 'ANONYMOUS_SOURCES' | 'UNATTRIBUTED';
  readonly lot?: GenealogyLot;
  /** Hidden (undefined) unless the caller may see who supplied the lot. */
  readonly supplierOrganisationId?: string;
  readonly attributedKg: string;
  /** Share of the lot's element mass: exact when it terminates within 12 decimal places, else rounded half-even to 12. */
  readonly share: string;
  readonly paths: readonly (readonly string[])[];
}

export interface TraceView {
  readonly trace: BackwardTrace;
  readonly sources: readonly SourceLine[];
}

/**
 * Who sees what of a trace: auditors and admins everything; the plant's staff (operator, lab,
 * sales) every lot and path but not who supplied a lot; a recycler its own organisation's source
 * lots in full and every other supplier's lots only as one anonymous mass, without lot ids or
 * paths. The unattributed share is shown to everyone.
 */
export function traceViewFor(principal: Principal, trace: BackwardTrace): TraceView {
  const seesSuppliers = hasRole(principal, 'auditor', 'admin');
  const seesEveryLot = seesSuppliers || hasRole(principal, 'operator', 'lab', 'sales');
  const lines: SourceLine[] = [];
  let othersMg = 0n;
  let othersShare = Rational.ZERO;
  for (const source of trace.sources) {
    const share = source.shareDecimal(12);
    if (!source.source) {
      lines.push({
        kind: 'UNATTRIBUTED',
        attributedKg: source.attributedKg,
        share,
        paths: seesEveryLot ? source.paths : [],
      });
    } else if (seesEveryLot || source.source.supplierOrganisationId === principal.organisationId) {
      lines.push({
        kind: 'SOURCE_LOT',
        lot: source.source,
        supplierOrganisationId:
          seesSuppliers || source.source.supplierOrganisationId === principal.organisationId
            ? source.source.supplierOrganisationId
            : undefined,
        attributedKg: source.attributedKg,
        share,
        paths: source.paths,
      });
    } else {
      othersMg += BigInt(source.attributedKg.replace('.', ''));
      othersShare = othersShare.plus(source.share);
    }
  }
  if (othersShare.isPositive()) {
    lines.push({
      kind: 'ANONYMOUS_SOURCES',
      attributedKg: scaledIntegerToText(othersMg, 6),
      share: othersShare.toDecimalString(12),
      paths: [],
    });
  }
  return { trace, sources: lines };
}

/** Whether a recycler may trace the lot: one of its organisation's lots is among its sources. */
export function recyclerMayTrace(principal: Principal, sourceLots: readonly GenealogyLot[]): boolean {
  return sourceLots.some((lot) => lot.supplierOrganisationId === principal.organisationId);
}

export function readsEveryLot(principal: Principal): boolean {
  return hasRole(principal, 'auditor', 'admin', 'operator', 'lab', 'sales');
}
