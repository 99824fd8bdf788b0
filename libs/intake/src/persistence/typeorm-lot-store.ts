import { isUniqueViolation, serviceSchema } from '@rre/persistence';
import type { EntityManager } from 'typeorm';
import type { AlongsideStatement } from '@rre/messaging';
import type { LotStore } from '../application/ports/lot-store.port';
import { IntakeError } from '../domain/intake-error';
import type { Lot } from '../domain/lot';
import { bulkInsert, bulkInsertStatement } from './bulk-insert';
import { takeLotNumbersStatement } from './lot-number-allocation';
import { AssayElementContentEntity } from './assay-element-content.entity';
import { AssayEntity } from './assay.entity';
import { CustodyTransferEntity } from './custody-transfer.entity';
import { LotCorrectionEntity } from './lot-correction.entity';
import { LotDecisionEntity } from './lot-decision.entity';
import { loadLotRows } from './lot-rows.loader';
import {
  assayRows,
  correctionRow,
  decisionRow,
  documentRow,
  lifecycleColumns,
  lotFromRows,
  lotRow,
  manifestReportRow,
  manifestRow,
  screeningRow,
  slipRows,
  transferRow,
} from './lot-rows.mapper';
import { LotDocumentEntity } from './lot-document.entity';
import { LotEntity } from './lot.entity';
import { ManifestReportEntity } from './manifest-report.entity';
import { ManifestSlipEntity } from './manifest-slip.entity';
import { ScreeningEntity } from './screening.entity';
import { WasteManifestEntity } from './waste-manifest.entity';

/** Whether `error` is a unique violation of the named constraint (pg reports its name). */
function violates(error: unknown, constraint: string): boolean {
  if (!isUniqueViolation(error)) return false;
  const { constraint: direct, driverError } = error as {
    constraint?: unknown;
    driverError?: { constraint?: unknown };
  };
  return (direct ?? driverError?.constraint) === constraint;
}

/**
 * The values of a unique violation's key, from PostgreSQL's detail
 * `Key (organisation_id, external_ref)=(org-a, DLV-7) already exists.` (a value with ", " in it is
 * split wrongly, which only affects the message).
 */
function duplicateKeyOf(error: unknown): (string | undefined)[] {
  const { detail, driverError } = error as { detail?: unknown; driverError?: { detail?: unknown } };
  const text = String(detail ?? driverError?.detail ?? '');
  const match = /\)=\((.*)\) already exists/.exec(text);
  if (!match) return [];
  const values = (match[1] as string).split(', ');
  return [values[0], values.slice(1).join(', ')];
}

/** Lots (and manifests) per INSERT statement. */
const LOTS_PER_INSERT = 1_000;

/**
 * Writes the registration events of lots, with the statement `alongside` makes for the lots whose
 * event ids it is given (`from`: the index in the lots of the first) in the same statement as
 * their events; resolves to the event ids in order.
 */
export type RegistrationPublishing = (
  alongside: (eventIds: readonly string[], from: number) => AlongsideStatement | undefined,
) => Promise<string[]>;

/** Lots in one transaction (every query goes through its manager). */
export class TypeormLotStore implements LotStore {
  constructor(
    private readonly manager: EntityManager,
    private readonly now: () => Date,
  ) {}

  allocateLotNumber(year: number): Promise<number> {
    return this.allocateLotNumbers(year, 1);
  }

  async allocateLotNumbers(year: number, count: number): Promise<number> {
    if (!Number.isSafeInteger(count) || count < 1) throw new Error(`allocateLotNumbers: count ${count}`);
    const schema = serviceSchema(this.manager);
    const rows = (await this.manager.query(takeLotNumbersStatement(schema, 'VALUES ($1::int, $2::int)'), [
      year,
      count,
    ])) as { last_number: number }[];
    return Number(rows[0].last_number) - count + 1;
  }

  /**
   * Stores new lots whose registration events `publish` writes: each lot's row, with its event's
   * id, goes into the statement that writes the events (`alongside`), so a registration's lot and
   * event cost one round trip; the manifests and slips of those that travel with one follow, up to
   * LOTS_PER_INSERT per statement. A delivery reference or manifest number that another lot
   * already has (also one committed meanwhile by a concurrent transaction, which the unique index
   * waits for) is refused by name. Returns the event ids in the order of `lots`.
   */
  async addAllPublished(lots: readonly Lot[], publish: RegistrationPublishing): Promise<string[]> {
    const now = this.now();
    let eventIds: string[];
    try {
      eventIds = await publish((ids, from) =>
        bulkInsertStatement(
          this.manager,
          LotEntity,
          ids.map((registeredEventId, index) => ({
            ...lotRow(lots[from + index] as Lot, now),
            registeredEventId,
          })),
        ),
      );
    } catch (error) {
      if (violates(error, 'lot_organisation_external_ref_key')) {
        const [organisationId, externalRef] = duplicateKeyOf(error);
        throw new IntakeError({
          code: 'DUPLICATE_LOT_REFERENCE',
          field: 'externalRef',
          value: externalRef ?? '',
          rule: `must not repeat a delivery reference of organisation ${organisationId ?? ''}`,
        });
      }
      throw error;
    }
    const manifests = lots.flatMap((lot) => {
      const { manifest } = lot.snapshot;
      return manifest ? [{ lotId: lot.id, manifest }] : [];
    });
    for (let from = 0; from < manifests.length; from += LOTS_PER_INSERT) {
      const chunk = manifests.slice(from, from + LOTS_PER_INSERT);
      try {
        await bulkInsert(
          this.manager,
          WasteManifestEntity,
          chunk.map(({ lotId, manifest }) => manifestRow(lotId, manifest)),
        );
      } catch (error) {
        if (violates(error, 'waste_manifest_issuer_number_key')) {
          const [issuerId, number] = duplicateKeyOf(error);
          throw new IntakeError({
            code: 'DUPLICATE_MANIFEST',
            field: 'manifest.number',
            value: number ?? '',
            rule: `must not repeat a manifest number of the same issuer ${issuerId ?? ''}`,
          });
        }
        throw error;
      }
      await bulkInsert(
        this.manager,
        ManifestSlipEntity,
        chunk.flatMap(({ manifest }) => slipRows(manifest)),
      );
    }
    return eventIds;
  }

  async getForUpdate(lotId: string): Promise<Lot | undefined> {
    if (!/^[0-9A-Z]{26}$/.test(lotId)) return undefined;
    const locked = await this.manager.findOne(LotEntity, {
      where: { id: lotId },
      select: { id: true },
      lock: { mode: 'pessimistic_write' },
    });
    if (!locked) return undefined;
    const [rows] = await loadLotRows(this.manager, [lotId]);
    return rows && lotFromRows(rows);
  }

  async existingExternalRefs(organisationId: string, refs: readonly string[]): Promise<Set<string>> {
    if (refs.length === 0) return new Set();
    // One array parameter: a file's many references would exceed the parameter limit of IN (...).
    const rows = (await this.manager.query(
      `SELECT external_ref FROM "${serviceSchema(this.manager)}".lot
       WHERE organisation_id = $1 AND external_ref = ANY($2::text[])`,
      [organisationId, [...refs]],
    )) as { external_ref: string }[];
    return new Set(rows.map((row) => row.external_ref));
  }

  async getByTransferForUpdate(transferId: string): Promise<Lot | undefined> {
    if (!/^[0-9A-Z]{26}$/.test(transferId)) return undefined;
    const transfer = await this.manager.findOne(CustodyTransferEntity, { where: { id: transferId } });
    return transfer ? this.getForUpdate(transfer.lotId) : undefined;
  }

  async getByDecisionForUpdate(decisionId: string): Promise<Lot | undefined> {
    if (!/^[0-9A-Z]{26}$/.test(decisionId)) return undefined;
    const decision = await this.manager.findOne(LotDecisionEntity, { where: { id: decisionId } });
    return decision ? this.getForUpdate(decision.lotId) : undefined;
  }

  async save(before: Lot, after: Lot): Promise<void> {
    const old = before.snapshot;
    const next = after.snapshot;
    const isNew = <T extends { id: string }>(known: readonly T[]) => {
      const ids = new Set(known.map((record) => record.id));
      return (record: T) => !ids.has(record.id);
    };
    for (const assay of next.assays.filter(isNew(old.assays))) {
      const rows = assayRows(assay);
      await this.manager.insert(AssayEntity, rows.assay);
      await this.manager.insert(AssayElementContentEntity, rows.contents);
    }
    for (const screening of next.screenings.filter(isNew(old.screenings))) {
      await this.manager.insert(ScreeningEntity, screeningRow(screening));
    }
    for (const decision of next.decisions) {
      const previous = old.decisions.find((known) => known.id === decision.id);
      if (!previous) await this.manager.insert(LotDecisionEntity, decisionRow(decision));
      else if (previous !== decision)
        await this.manager.update(LotDecisionEntity, { id: decision.id }, decisionRow(decision));
    }
    for (const transfer of next.transfers) {
      const previous = old.transfers.find((known) => known.id === transfer.id);
      if (!previous) await this.manager.insert(CustodyTransferEntity, transferRow(transfer));
      else if (previous !== transfer)
        await this.manager.update(CustodyTransferEntity, { id: transfer.id }, transferRow(transfer));
    }
    for (const correction of next.corrections.filter(isNew(old.corrections))) {
      await this.manager.insert(LotCorrectionEntity, correctionRow(correction));
    }
    for (const document of next.documents.filter(isNew(old.documents))) {
      await this.manager.insert(LotDocumentEntity, documentRow(document));
    }
    const manifest = next.manifest;
    if (manifest && old.manifest) {
      for (const slip of slipRows(manifest)) {
        const previous = old.manifest.slips.find((known) => known.slip === slip.slip);
        if (previous?.returnedOn !== (slip.returnedOn ?? undefined)) {
          await this.manager.update(
            ManifestSlipEntity,
            { manifestId: slip.manifestId, slip: slip.slip },
            slip,
          );
        }
      }
      for (const report of manifest.reports.filter(isNew(old.manifest.reports))) {
        await this.manager.insert(ManifestReportEntity, manifestReportRow(manifest.id, report));
      }
    }
    await this.manager.update(LotEntity, { id: after.id }, lifecycleColumns(after, this.now()));
  }
}
