import type { Lot } from '../../domain/lot';
import type { LotStatus } from '../../domain/lot-status';
import type { MaterialKind } from '../../domain/material-kind';
import type { SourceCategory } from '../../domain/source-category';
import type { CalendarDate, ManifestSlip } from '../../domain/waste-manifest';

/** Filters of a lot list; material kind and source category match the corrected (current) values. */
export interface LotFilter {
  readonly status?: LotStatus;
  readonly materialKind?: MaterialKind;
  readonly sourceCategory?: SourceCategory;
  readonly organisationId?: string;
}

/** A position in the list, ordered by (received_at, id). */
export interface LotCursor {
  readonly receivedAt: Date;
  readonly id: string;
}

export interface LotPage {
  readonly lots: readonly Lot[];
  readonly hasNextPage: boolean;
}

/** A manifest slip past its due date that has not come back. */
export interface OverdueSlip {
  readonly lotId: string;
  readonly lotCode: string;
  readonly organisationId: string;
  readonly manifestNumber: string;
  readonly issuerId: string;
  readonly slip: ManifestSlip;
  readonly dueOn: CalendarDate;
}

/** Reads lots outside any change (queries). */
export interface LotReader {
  get(lotId: string): Promise<Lot | undefined>;
  /** Lots after `after` in (received_at, id) order, at most `first`. */
  list(filter: LotFilter, first: number, after: LotCursor | undefined): Promise<LotPage>;
  /** The lot a document belongs to, or undefined. */
  lotIdOfDocument(documentId: string): Promise<string | undefined>;
  /** Slips not back by `asOf` (due before it), oldest due first; of one organisation's lots if given. */
  overdueSlips(asOf: CalendarDate, organisationId: string | undefined): Promise<OverdueSlip[]>;
}
