import type { Actor } from './actor';
import type { Assay } from './assay';
import type { CustodyTransfer } from './custody-transfer';
import type { LotCorrection } from './lot-correction';
import type { LotDecision } from './lot-decision';
import type { LotDocument } from './lot-document';
import type { ManifestReport, ManifestSlipRecord, WasteManifest } from './waste-manifest';
import type { LotFacts } from './lot-facts';
import type { LotRegistration } from './lot-registration';
import type { Screening } from './screening';

/** Why a lot was quarantined (mirrors rre.intake.v1.QuarantineCause). */
export type QuarantineCause = 'RADIOACTIVITY' | 'DOCUMENTS' | 'MATERIAL' | 'OTHER';

/**
 * What happened to a lot, as the domain states it. The messaging adapter turns each into its
 * `rre.intake.v1` event, in this order, in the transaction that stores the change.
 */
export type LotEvent =
  | { readonly kind: 'REGISTERED'; readonly registration: LotRegistration }
  | { readonly kind: 'ASSAYED'; readonly assay: Assay; readonly isCurrent: boolean }
  | { readonly kind: 'SCREENED'; readonly screening: Screening }
  | {
      readonly kind: 'QUARANTINED';
      readonly cause: QuarantineCause;
      readonly reason: string;
      /** Undefined when a rule (the screening threshold) quarantined the lot. */
      readonly decidedBy: Actor | undefined;
    }
  /** A release or rejection waits for a second person's approval (four eyes). */
  | { readonly kind: 'DECISION_PROPOSED'; readonly decision: LotDecision }
  /** A pending decision was withdrawn (its `withdrawal` says by whom and why). */
  | { readonly kind: 'DECISION_WITHDRAWN'; readonly decision: LotDecision }
  | { readonly kind: 'RELEASED'; readonly decision: LotDecision }
  | { readonly kind: 'REJECTED'; readonly decision: LotDecision }
  | { readonly kind: 'CUSTODY_TRANSFERRED'; readonly transfer: CustodyTransfer }
  | { readonly kind: 'CUSTODY_ACCEPTED'; readonly transfer: CustodyTransfer }
  | { readonly kind: 'CUSTODY_REFUSED'; readonly transfer: CustodyTransfer }
  | {
      readonly kind: 'MANIFEST_SLIP_RETURNED';
      readonly manifest: WasteManifest;
      readonly slip: ManifestSlipRecord;
    }
  | {
      readonly kind: 'MANIFEST_REPORT_RECORDED';
      readonly manifest: WasteManifest;
      readonly report: ManifestReport;
    }
  | { readonly kind: 'DOCUMENT_ADDED'; readonly document: LotDocument }
  | {
      readonly kind: 'CORRECTED';
      readonly correction: LotCorrection;
      readonly before: LotFacts;
      readonly after: LotFacts;
    };
