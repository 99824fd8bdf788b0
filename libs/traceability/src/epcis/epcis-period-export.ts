import { hasRole, type Principal } from '@rre/auth';
import type { DataSource } from 'typeorm';
import { TraceabilityError } from '../domain/traceability-error';
import { GenealogyStore } from '../persistence/genealogy.store';
import { buildEpcisDocument, type EpcisDocument } from './epcis-document';
import type { EpcisExportOptions } from './epcis-export';
import { EpcisFactsStore } from './epcis-facts.store';
import { EpcisPeriodFactsStore } from './epcis-period-facts.store';
import { recordedShipments } from './epcis-shipments';
import { checkedGs1Options, DEFAULT_GS1_IDENTIFIERS, type Gs1IdentifierOptions } from './gs1-identifiers';

/** An ISO 8601 date (UTC midnight) or date-time with a zone. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;
/** The longest period one document covers. */
export const EPCIS_PERIOD_MAX_DAYS = 366;

/** The period's bounds from query text; INVALID_INPUT (field, value, rule) when missing, malformed or not increasing. */
export function epcisPeriodOf(from: string | undefined, to: string | undefined): { from: Date; to: Date } {
  const parsed = (field: 'from' | 'to', text: string | undefined): Date => {
    const date = text !== undefined && ISO_INSTANT.test(text) ? new Date(text) : undefined;
    if (date === undefined || Number.isNaN(date.getTime())) {
      throw new TraceabilityError({
        code: 'INVALID_INPUT',
        field,
        value: text === undefined ? 'nothing' : JSON.stringify(text),
        rule: 'must be an ISO 8601 date (2026-11-01) or date-time with a zone (2026-11-01T00:00:00Z)',
      });
    }
    return date;
  };
  const start = parsed('from', from);
  const end = parsed('to', to);
  if (end.getTime() <= start.getTime()) {
    throw new TraceabilityError({
      code: 'INVALID_INPUT',
      field: 'to',
      value: end.toISOString(),
      rule: `must be after from (${start.toISOString()})`,
    });
  }
  if (end.getTime() - start.getTime() > EPCIS_PERIOD_MAX_DAYS * 86_400_000) {
    throw new TraceabilityError({
      code: 'INVALID_INPUT',
      field: 'to',
      value: end.toISOString(),
      rule: `must be at most ${EPCIS_PERIOD_MAX_DAYS} days after from (${start.toISOString()})`,
    });
  }
  return { from: start, to: end };
}

/**
 * The EPCIS 2.0 document of a whole period (issue 9, item 9b): every registration, assay,
 * transformation and shipment event of the plant whose event time falls in [from, to), the same
 * events (same ids) as the lots' own documents. Auditors and admins only.
 */
export class EpcisPeriodExport {
  private readonly genealogy = new GenealogyStore();
  private readonly facts = new EpcisFactsStore();
  private readonly periodFacts = new EpcisPeriodFactsStore();
  private readonly identifiers: Gs1IdentifierOptions;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: EpcisExportOptions = {},
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.identifiers = checkedGs1Options({ ...DEFAULT_GS1_IDENTIFIERS, ...options.identifiers });
  }

  async documentOf(principal: Principal, period: { from: Date; to: Date }): Promise<EpcisDocument> {
    if (!hasRole(principal, 'auditor', 'admin')) {
      throw new TraceabilityError({
        code: 'FORBIDDEN',
        field: 'caller',
        value: principal.roles.join(',') || 'none',
        rule: 'the period export is for auditors and admins',
      });
    }
    const { from, to } = period;
    const subjects = await this.periodFacts.subjectsBetween(this.dataSource, from, to);
    const runs = await this.genealogy.runs(this.dataSource, subjects.runIds);
    const lotIds = [
      ...new Set([
        ...subjects.lotIds,
        ...subjects.shippedLotIds,
        ...runs.flatMap((run) => [...run.inputs, ...run.outputs].map((each) => each.lotId)),
      ]),
    ].sort();
    const lots = await this.genealogy.lots(this.dataSource, lotIds);
    const lotTimes = await this.facts.lotTimes(this.dataSource, lotIds);
    const runTimes = await this.facts.runTimes(this.dataSource, subjects.runIds);
    const inPeriod = (at: Date) => at.getTime() >= from.getTime() && at.getTime() < to.getTime();
    const shipments = (
      await (this.options.shipments ?? recordedShipments(this.dataSource)).shipmentsOf(subjects.shippedLotIds)
    ).filter((shipment) => inPeriod(shipment.shippedAt));
    const now = this.clock();
    const document = buildEpcisDocument(
      {
        lotId: '',
        lots: lots.map((lot) => ({
          lot,
          firstSeenAt: lotTimes.get(lot.lotId)?.firstSeenAt ?? now,
          assayedAt: lotTimes.get(lot.lotId)?.assayedAt,
        })),
        runs: runs.map((run) => ({ run, at: runTimes.get(run.runId) ?? now })),
        shipments,
      },
      {
        identifiers: this.identifiers,
        baseUri: this.options.baseUri ?? 'https://rre.example.org/epcis',
        plantLocation: this.options.plantLocation,
        namesParties: true,
        creationDate: now,
      },
    );
    // The lots that only name a run's inputs and outputs bring their own registrations and assays,
    // which may fall outside the period.
    const { 'rre:tracedLot': _lot, 'rre:tracedLotId': _lotId, epcisBody, ...rest } = document;
    return {
      ...rest,
      'rre:periodFrom': from.toISOString(),
      'rre:periodTo': to.toISOString(),
      epcisBody: { eventList: epcisBody.eventList.filter((event) => inPeriod(new Date(event.eventTime))) },
    } as EpcisDocument;
  }
}
