import type { Mass } from '@rre/quantities';
import type { Actor } from './actor';
import type { Assay } from './assay';
import { requireReason } from './assay';
import type { CustodyTransfer } from './custody-transfer';
import { IntakeError } from './intake-error';
import type { IntakePolicy } from './intake-policy';
import {
  applyCorrectedValue,
  type CorrectedValue,
  factText,
  type LotCorrection,
  correctedValueFromText,
} from './lot-correction';
import type { LotDecision, RejectionDisposition } from './lot-decision';
import type { LotEvent } from './lot-event';
import type { LotFacts } from './lot-facts';
import type { LotRegistration } from './lot-registration';
import { Custodian, LotStatus } from './lot-status';
import { compareDeclaredWithNet, type MassComparison } from './mass-tolerance';
import { type ConcentrationRoute, defaultRouteOf } from './material-kind';
import type { Screening } from './screening';
import { type DocumentUpload, type LotDocument, versionOfUpload } from './lot-document';
import {
  addDays,
  type CalendarDate,
  daysBetween,
  type ManifestReport,
  type ManifestReportKind,
  type ManifestSlip,
  reportDeadlineDays,
  type WasteManifest,
} from './waste-manifest';

/** Everything intake records about a lot; the repository stores and restores it. */
export interface LotState {
  readonly registration: LotRegistration;
  readonly status: LotStatus;
  readonly custodian: Custodian;
  /** In the order recorded. */
  readonly assays: readonly Assay[];
  readonly currentAssayId: string | undefined;
  /** Why the current assay is the current one. */
  readonly currentAssayReason: string | undefined;
  readonly screenings: readonly Screening[];
  readonly decisions: readonly LotDecision[];
  readonly transfers: readonly CustodyTransfer[];
  /** In the order made; the current view applies them in this order. */
  readonly corrections: readonly LotCorrection[];
  /** The industrial-waste manifest travelling with the lot, if any. */
  readonly manifest: WasteManifest | undefined;
  /** Every version of every document, in upload order. */
  readonly documents: readonly LotDocument[];
}

/** A lot after a change, and the events that announce the change, in order. */
export interface LotChange {
  readonly lot: Lot;
  readonly events: readonly LotEvent[];
}

const REJECTABLE: readonly LotStatus[] = ['REGISTERED', 'SCREENED_ACCEPTED', 'QUARANTINED', 'RELEASED'];
const TRANSFERABLE: readonly LotStatus[] = ['SCREENED_ACCEPTED', 'RELEASED'];
const SCREENABLE: readonly LotStatus[] = ['REGISTERED', 'SCREENED_ACCEPTED', 'QUARANTINED', 'RELEASED'];

/**
 * A lot in intake: registered once, then assayed, screened, released or rejected, handed over, and
 * corrected. Each method checks its rules, and returns the changed lot with its events (the lot
 * itself never changes), or throws an IntakeError and changes nothing.
 */
export class Lot {
  private constructor(private readonly state: LotState) {}

  static register(registration: LotRegistration, manifest?: WasteManifest): LotChange {
    const lot = new Lot({
      registration,
      status: 'REGISTERED',
      custodian: 'INTAKE',
      assays: [],
      currentAssayId: undefined,
      currentAssayReason: undefined,
      screenings: [],
      decisions: [],
      transfers: [],
      corrections: [],
      manifest,
      documents: [],
    });
    return { lot, events: [{ kind: 'REGISTERED', registration }] };
  }

  static restore(state: LotState): Lot {
    return new Lot(state);
  }

  get id(): string {
    return this.state.registration.id;
  }

  get code(): string {
    return this.state.registration.code;
  }

  get snapshot(): LotState {
    return this.state;
  }

  get registration(): LotRegistration {
    return this.state.registration;
  }

  get status(): LotStatus {
    return this.state.status;
  }

  get custodian(): Custodian {
    return this.state.custodian;
  }

  get currentAssay(): Assay | undefined {
    return this.state.assays.find((assay) => assay.id === this.state.currentAssayId);
  }

  get pendingTransfer(): CustodyTransfer | undefined {
    return this.state.transfers.find((transfer) => transfer.state === 'PENDING');
  }

  get pendingDecision(): LotDecision | undefined {
    return this.state.decisions.find((decision) => decision.state === 'PENDING_APPROVAL');
  }

  /** The facts as registered with every correction applied, in order. */
  currentFacts(): LotFacts {
    return this.state.corrections.reduce(
      (facts, correction) =>
        applyCorrectedValue(facts, correctedValueFromText(correction.field, correction.newValue)),
      this.state.registration.facts,
    );
  }

  /** Declared against weighed net mass, with the dispute flag, on the current facts. */
  massComparison(policy: Pick<IntakePolicy, 'massTolerance'>): MassComparison {
    const facts = this.currentFacts();
    return compareDeclaredWithNet(facts.declaredMass, facts.weighing.net, policy.massTolerance);
  }

  /**
   * Records an assay. Allowed whoever holds the lot: a late assay still reaches the custodian. The
   * first assay becomes current; a later one becomes current unless `makeCurrent` is false
   * (e.g. a check assay), and its reason says why it is current.
   */
  recordAssay(assay: Assay, makeCurrent: boolean): LotChange {
    if (assay.lotId !== this.id)
      throw new Error(`assay ${assay.id} belongs to lot ${assay.lotId}, not ${this.id}`);
    const isCurrent = makeCurrent || this.state.currentAssayId === undefined;
    const lot = this.with({
      assays: [...this.state.assays, assay],
      ...(isCurrent ? { currentAssayId: assay.id, currentAssayReason: assay.reason } : {}),
    });
    return { lot, events: [{ kind: 'ASSAYED', assay, isCurrent }] };
  }

  /** The assay with this id, or UNKNOWN_ASSAY. */
  assay(assayId: string, field = 'assayId'): Assay {
    const assay = this.state.assays.find((candidate) => candidate.id === assayId);
    if (!assay) {
      throw new IntakeError({
        code: 'UNKNOWN_ASSAY',
        field,
        value: assayId,
        rule: `must be an assay of lot ${this.code}`,
      });
    }
    return assay;
  }

  /**
   * Records a screening. Cleared: a registered lot becomes SCREENED_ACCEPTED (a quarantined one stays
   * quarantined until a person releases it). Exceeded: the lot is QUARANTINED, announced by a
   * second event whose cause is radioactivity.
   */
  screen(screening: Screening): LotChange {
    this.assertHeldByIntake();
    this.assertStatus(SCREENABLE, 'screen');
    const { result } = screening;
    const screenings = [...this.state.screenings, screening];
    if (result.outcome === 'CLEARED') {
      const status = this.status === 'REGISTERED' ? 'SCREENED_ACCEPTED' : this.status;
      return { lot: this.with({ screenings, status }), events: [{ kind: 'SCREENED', screening }] };
    }
    const events: LotEvent[] = [{ kind: 'SCREENED', screening }];
    if (this.status !== 'QUARANTINED') {
      events.push({
        kind: 'QUARANTINED',
        cause: 'RADIOACTIVITY',
        reason: `radioactivity screening: sum of ratios ${result.sumOfRatios.toFixed()} is above the threshold ${result.threshold.toFixed()}`,
        decidedBy: undefined,
      });
    }
    return { lot: this.with({ screenings, status: 'QUARANTINED' }), events };
  }

  /**
   * A person's release (of a quarantined lot) or rejection (of a lot not yet handed over). With
   * four eyes it waits for approval and changes nothing else yet; otherwise it takes effect.
   */
  decide(
    request: {
      id: string;
      kind: 'RELEASE' | 'REJECT';
      reason: string;
      disposition?: RejectionDisposition;
      actor: Actor;
      now: Date;
    },
    policy: Pick<IntakePolicy, 'decisionsNeedApproval'>,
  ): LotChange {
    const reason = requireReason(request.reason);
    this.assertHeldByIntake();
    this.assertNoPendingDecision();
    this.assertDecisionAllowed(request.kind);
    const decision: LotDecision = {
      id: request.id,
      lotId: this.id,
      kind: request.kind,
      reason,
      disposition: request.kind === 'REJECT' ? (request.disposition ?? 'OTHER') : undefined,
      decidedBy: request.actor,
      decidedAt: request.now,
      state: policy.decisionsNeedApproval ? 'PENDING_APPROVAL' : 'EFFECTIVE',
      approvedBy: undefined,
      approvedAt: undefined,
    };
    const decisions = [...this.state.decisions, decision];
    if (decision.state === 'PENDING_APPROVAL') {
      return { lot: this.with({ decisions }), events: [{ kind: 'DECISION_PROPOSED', decision }] };
    }
    return this.takeEffect(decision, decisions);
  }

  /** The second person's approval of a pending decision; it then takes effect. */
  approveDecision(decisionId: string, approver: Actor, now: Date): LotChange {
    const pending = this.pendingDecisionWithId(decisionId);
    if (pending.decidedBy.subject === approver.subject) {
      throw new IntakeError({
        code: 'SAME_PERSON_APPROVAL',
        field: 'decisionId',
        value: decisionId,
        rule: 'must be approved by a second person, not by the one who decided it (four eyes)',
      });
    }
    this.assertHeldByIntake();
    this.assertDecisionAllowed(pending.kind);
    const approved: LotDecision = { ...pending, state: 'EFFECTIVE', approvedBy: approver, approvedAt: now };
    const decisions = this.state.decisions.map((decision) =>
      decision.id === decisionId ? approved : decision,
    );
    return this.takeEffect(approved, decisions);
  }

  /**
   * Withdraws a decision that waits for approval, with a reason: by the person who proposed it, or
   * by someone allowed to withdraw anyone's (an admin). It never takes effect; the lot is free for
   * another decision or a hand-over.
   */
  withdrawDecision(request: {
    decisionId: string;
    reason: string;
    actor: Actor;
    mayWithdrawOthers: boolean;
    now: Date;
  }): LotChange {
    const reason = requireReason(request.reason);
    const pending = this.pendingDecisionWithId(request.decisionId);
    if (pending.decidedBy.subject !== request.actor.subject && !request.mayWithdrawOthers) {
      throw new IntakeError({
        code: 'FORBIDDEN',
        field: 'decisionId',
        value: request.decisionId,
        rule: `may be withdrawn only by the person who proposed it (${pending.decidedBy.subject}) or an admin`,
      });
    }
    const withdrawn: LotDecision = {
      ...pending,
      state: 'WITHDRAWN',
      withdrawal: { reason, withdrawnBy: request.actor, withdrawnAt: request.now },
    };
    const decisions = this.state.decisions.map((decision) =>
      decision.id === withdrawn.id ? withdrawn : decision,
    );
    return { lot: this.with({ decisions }), events: [{ kind: 'DECISION_WITHDRAWN', decision: withdrawn }] };
  }

  /**
   * Offers the lot to the concentration step (magnet scrap to leaching, unused resources to
   * adsorption, unless `route` says otherwise). Until the receiver answers, intake may no longer
   * change the lot's mass or status.
   */
  transfer(request: { id: string; route?: ConcentrationRoute; actor: Actor; now: Date }): LotChange {
    this.assertHeldByIntake();
    this.assertNoPendingDecision();
    this.assertStatus(TRANSFERABLE, 'hand over');
    const facts = this.currentFacts();
    const route = request.route ?? defaultRouteOf(facts.materialKind);
    if (route === undefined) {
      throw new IntakeError({
        code: 'ROUTE_REQUIRED',
        field: 'route',
        value: 'none',
        rule: `must be given for material kind ${facts.materialKind} (LEACHING or ADSORPTION)`,
      });
    }
    const transfer: CustodyTransfer = {
      id: request.id,
      lotId: this.id,
      route,
      mass: facts.weighing.net,
      offeredBy: request.actor,
      offeredAt: request.now,
      statusBefore: this.status,
      state: 'PENDING',
      answeredBy: undefined,
      answeredAt: undefined,
      refusalReason: undefined,
      receivedMass: undefined,
    };
    const lot = this.with({ transfers: [...this.state.transfers, transfer], status: 'TRANSFERRED_OUT' });
    return { lot, events: [{ kind: 'CUSTODY_TRANSFERRED', transfer }] };
  }

  /** The receiver took the lot: it is its custodian from now on. */
  acceptTransfer(transferId: string, actor: Actor, now: Date, receivedMass?: Mass): LotChange {
    const pending = this.pendingTransferWithId(transferId);
    const accepted: CustodyTransfer = {
      ...pending,
      state: 'ACCEPTED',
      answeredBy: actor,
      answeredAt: now,
      receivedMass,
    };
    const lot = this.with({
      transfers: this.replaceTransfer(accepted),
      custodian: 'CONCENTRATION',
      status: 'TRANSFERRED_OUT',
    });
    return { lot, events: [{ kind: 'CUSTODY_ACCEPTED', transfer: accepted }] };
  }

  /** The receiver refused: the lot comes back to the status it had, with the reason. */
  refuseTransfer(transferId: string, reason: string, actor: Actor, now: Date): LotChange {
    const refusalReason = requireReason(reason);
    const pending = this.pendingTransferWithId(transferId);
    const refused: CustodyTransfer = {
      ...pending,
      state: 'REFUSED',
      answeredBy: actor,
      answeredAt: now,
      refusalReason,
    };
    const lot = this.with({ transfers: this.replaceTransfer(refused), status: pending.statusBefore });
    return { lot, events: [{ kind: 'CUSTODY_REFUSED', transfer: refused }] };
  }

  /**
   * Corrects facts: each value becomes a correction record (old value, new value, reason, who),
   * never an overwrite. Allowed after the hand-over too: the correction is announced to the custodian.
   */
  correct(
    values: readonly CorrectedValue[],
    request: { ids: readonly string[]; reason: string; actor: Actor; now: Date },
  ): LotChange {
    const reason = requireReason(request.reason);
    if (values.length === 0) {
      throw new IntakeError({
        code: 'INVALID_INPUT',
        field: 'correction',
        value: 'no fields',
        rule: 'must correct at least one field',
      });
    }
    const seen = new Set<string>();
    let facts = this.currentFacts();
    const corrections: LotCorrection[] = [];
    const events: LotEvent[] = [];
    values.forEach((value, index) => {
      if (seen.has(value.field)) {
        throw new IntakeError({
          code: 'INVALID_INPUT',
          field: 'correction',
          value: value.field,
          rule: 'must correct each field at most once per request',
        });
      }
      seen.add(value.field);
      const after = applyCorrectedValue(facts, value);
      const oldValue = factText(facts, value.field);
      const newValue = factText(after, value.field);
      if (oldValue === newValue) {
        throw new IntakeError({
          code: 'CORRECTION_NO_CHANGE',
          field: `correction.${value.field}`,
          value: newValue,
          rule: 'must differ from the current value',
        });
      }
      const correction: LotCorrection = {
        id: request.ids[index],
        lotId: this.id,
        field: value.field,
        oldValue,
        newValue,
        reason,
        correctedBy: request.actor,
        correctedAt: request.now,
      };
      corrections.push(correction);
      events.push({ kind: 'CORRECTED', correction, before: facts, after });
      facts = after;
    });
    return { lot: this.with({ corrections: [...this.state.corrections, ...corrections] }), events };
  }

  /**
   * A manifest slip came back to the issuer on `returnedOn`. Paperwork, not material: allowed
   * whoever holds the lot.
   */
  recordSlipReturn(
    slip: ManifestSlip,
    returnedOn: CalendarDate,
    actor: Actor,
    today: CalendarDate,
  ): LotChange {
    const manifest = this.requireManifest();
    const record = manifest.slips.find((candidate) => candidate.slip === slip);
    if (!record) throw new Error(`manifest ${manifest.id} has no slip ${slip}`);
    if (record.returnedOn !== undefined) {
      throw new IntakeError({
        code: 'INVALID_STATUS',
        field: 'slip',
        value: slip,
        rule: `must be a slip that has not come back yet (${slip} came back on ${record.returnedOn})`,
      });
    }
    this.assertWithin(returnedOn, manifest.issuedOn, today, 'returnedOn');
    const returned = { ...record, returnedOn, recordedBy: actor };
    const slips = manifest.slips.map((candidate) => (candidate.slip === slip ? returned : candidate));
    const changed = { ...manifest, slips };
    return {
      lot: this.with({ manifest: changed }),
      events: [{ kind: 'MANIFEST_SLIP_RETURNED', manifest: changed, slip: returned }],
    };
  }

  /** The plant's own report that a stage ended (due 10 days after on paper, 3 days to JWNET). */
  recordManifestReport(
    request: {
      id: string;
      kind: ManifestReportKind;
      completedOn: CalendarDate;
      sentOn: CalendarDate;
      actor: Actor;
      now: Date;
    },
    today: CalendarDate,
  ): LotChange {
    const manifest = this.requireManifest();
    if (manifest.reports.some((report) => report.kind === request.kind)) {
      throw new IntakeError({
        code: 'INVALID_STATUS',
        field: 'kind',
        value: request.kind,
        rule: 'must be a report not yet recorded for this manifest',
      });
    }
    this.assertWithin(request.completedOn, manifest.issuedOn, today, 'completedOn');
    this.assertWithin(request.sentOn, request.completedOn, today, 'sentOn');
    const report: ManifestReport = {
      id: request.id,
      kind: request.kind,
      completedOn: request.completedOn,
      dueOn: addDays(request.completedOn, reportDeadlineDays(manifest.form)),
      sentOn: request.sentOn,
      recordedBy: request.actor,
      recordedAt: request.now,
    };
    const changed = { ...manifest, reports: [...manifest.reports, report] };
    return {
      lot: this.with({ manifest: changed }),
      events: [{ kind: 'MANIFEST_REPORT_RECORDED', manifest: changed, report }],
    };
  }

  /**
   * Adds an uploaded document: its bytes are already stored under `upload.storageKey`. The same
   * bytes under a stored name change nothing; other bytes need `newVersion`. Paperwork: allowed
   * whoever holds the lot.
   */
  addDocument(
    id: string,
    upload: DocumentUpload,
    actor: Actor,
    now: Date,
  ): LotChange & { readonly document: LotDocument } {
    const version = versionOfUpload(this.state.documents, upload);
    if (version.kind === 'existing') return { lot: this, events: [], document: version.document };
    const document: LotDocument = {
      id,
      lotId: this.id,
      name: upload.name,
      version: version.version,
      kind: upload.kind,
      mediaType: upload.mediaType,
      sha256: upload.sha256,
      sizeBytes: upload.sizeBytes,
      storageKey: upload.storageKey,
      uploadedBy: actor,
      uploadedAt: now,
    };
    return {
      lot: this.with({ documents: [...this.state.documents, document] }),
      events: [{ kind: 'DOCUMENT_ADDED', document }],
      document,
    };
  }

  private requireManifest(): WasteManifest {
    const { manifest } = this.state;
    if (!manifest) {
      throw new IntakeError({
        code: 'NO_MANIFEST',
        field: 'lotId',
        value: this.code,
        rule: 'must be a lot that travels with an industrial-waste manifest',
      });
    }
    return manifest;
  }

  private assertWithin(
    date: CalendarDate,
    earliest: CalendarDate,
    latest: CalendarDate,
    field: string,
  ): void {
    if (daysBetween(earliest, date) < 0 || daysBetween(date, latest) < 0) {
      throw new IntakeError({
        code: 'INVALID_INPUT',
        field,
        value: date,
        rule: `must be between ${earliest} and ${latest}`,
      });
    }
  }

  /** Throws NOT_IN_CUSTODY unless intake holds the lot and has not offered it to another step. */
  assertHeldByIntake(): void {
    if (this.custodian !== Custodian.INTAKE) {
      throw new IntakeError({
        code: 'NOT_IN_CUSTODY',
        field: 'lotId',
        value: this.code,
        rule: `must be a lot in intake's custody; it is held by ${this.custodian.toLowerCase()} since the accepted hand-over`,
      });
    }
    const pending = this.pendingTransfer;
    if (pending) {
      throw new IntakeError({
        code: 'NOT_IN_CUSTODY',
        field: 'lotId',
        value: this.code,
        rule: `must be a lot in intake's custody; it is being handed over to concentration (transfer ${pending.id} awaits the receiver's answer)`,
        retryable: true,
      });
    }
  }

  private takeEffect(decision: LotDecision, decisions: readonly LotDecision[]): LotChange {
    const status = decision.kind === 'RELEASE' ? LotStatus.RELEASED : LotStatus.REJECTED;
    return {
      lot: this.with({ decisions, status }),
      events: [{ kind: decision.kind === 'RELEASE' ? 'RELEASED' : 'REJECTED', decision }],
    };
  }

  private assertDecisionAllowed(kind: 'RELEASE' | 'REJECT'): void {
    if (kind === 'RELEASE') this.assertStatus(['QUARANTINED'], 'release');
    else this.assertStatus(REJECTABLE, 'reject');
  }

  private assertNoPendingDecision(): void {
    const pending = this.pendingDecision;
    if (pending) {
      throw new IntakeError({
        code: 'DECISION_PENDING',
        field: 'lotId',
        value: this.code,
        rule: `must have no decision waiting for approval (${pending.kind.toLowerCase()} ${pending.id} does)`,
        retryable: true,
      });
    }
  }

  private assertStatus(allowed: readonly LotStatus[], action: string): void {
    if (!allowed.includes(this.status)) {
      throw new IntakeError({
        code: 'INVALID_STATUS',
        field: 'lotId',
        value: `${this.code} (${this.status})`,
        rule: `must be ${allowed.join(' or ')} to ${action} it`,
      });
    }
  }

  private pendingDecisionWithId(decisionId: string): LotDecision {
    const decision = this.state.decisions.find((candidate) => candidate.id === decisionId);
    if (!decision) {
      throw new IntakeError({
        code: 'UNKNOWN_DECISION',
        field: 'decisionId',
        value: decisionId,
        rule: `must be a decision on lot ${this.code}`,
      });
    }
    if (decision.state !== 'PENDING_APPROVAL') {
      throw new IntakeError({
        code: 'INVALID_STATUS',
        field: 'decisionId',
        value: decisionId,
        rule: `must be a decision that waits for approval (this one ${decision.state === 'WITHDRAWN' ? 'was withdrawn' : 'has already taken effect'})`,
      });
    }
    return decision;
  }

  private pendingTransferWithId(transferId: string): CustodyTransfer {
    const transfer = this.state.transfers.find((candidate) => candidate.id === transferId);
    if (!transfer) {
      throw new IntakeError({
        code: 'UNKNOWN_TRANSFER',
        field: 'transferId',
        value: transferId,
        rule: `must be a hand-over of lot ${this.code}`,
      });
    }
    if (transfer.state !== 'PENDING') {
      throw new IntakeError({
        code: 'INVALID_STATUS',
        field: 'transferId',
        value: transferId,
        rule: `must be a hand-over that waits for an answer (this one was ${transfer.state.toLowerCase()})`,
      });
    }
    return transfer;
  }

  private replaceTransfer(changed: CustodyTransfer): CustodyTransfer[] {
    return this.state.transfers.map((transfer) => (transfer.id === changed.id ? changed : transfer));
  }

  private with(changes: Partial<LotState>): Lot {
    return new Lot({ ...this.state, ...changes });
  }
}
