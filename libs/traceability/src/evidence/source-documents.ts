import { fromBinary, toJson } from '@bufbuild/protobuf';
import { eventTypeOf, IntakeEventTypes, intakeV1, isEventType } from '@rre/contracts';
import { type LedgerProof, publishedRecordOf } from '@rre/ledger';
import { enumName } from '../messaging/event-values';

/** A document intake holds for a source lot, named by the SHA-256 of its bytes (`LotDocumentAdded`). */
export interface SourceDocument {
  readonly lotId: string;
  readonly documentId: string;
  readonly name: string;
  readonly version: number;
  readonly kind: string;
  readonly mediaType: string;
  readonly sha256: string;
  readonly sizeBytes: string;
  readonly addedAt: string;
  /** The event whose ledger proof (ledger-proofs.json) binds this hash. */
  readonly eventId: string;
}

/** The documents and waste-manifest records of the lots behind a statement, as the ledger holds their events. */
export interface SourceDocuments {
  readonly note: string;
  readonly documents: readonly SourceDocument[];
  /** The industrial-waste manifest each lot was registered with (`LotRegistered.waste_manifest_number`). */
  readonly wasteManifests: readonly { lotId: string; wasteManifestNumber: string; eventId: string }[];
  /** Manifest slips returned and manifest reports recorded (their events as protobuf JSON). */
  readonly manifestEvents: readonly {
    lotId: string;
    type: string;
    time: string;
    eventId: string;
    data: unknown;
  }[];
}

const MANIFEST_EVENT_TYPES = new Set<string>([
  IntakeEventTypes.LotManifestSlipReturned,
  IntakeEventTypes.LotManifestReportRecorded,
]);

/**
 * Reads the documents out of the proven events themselves (their canonical bytes hold the published
 * protobuf value): traceability keeps no table of documents, and this way every hash listed is
 * covered by a proof in the same pack. The document bytes stay in intake's document store.
 */
export function sourceDocumentsOf(proofs: readonly LedgerProof[]): SourceDocuments {
  const documents: SourceDocument[] = [];
  const wasteManifests: { lotId: string; wasteManifestNumber: string; eventId: string }[] = [];
  const manifestEvents: { lotId: string; type: string; time: string; eventId: string; data: unknown }[] = [];
  for (const proof of proofs) {
    const record = publishedRecordOf(Buffer.from(proof.event.bytes, 'base64'));
    const type = record.headers.ce_type ?? '';
    const time = record.headers.ce_time ?? '';
    if (type === IntakeEventTypes.LotDocumentAdded) {
      const added = fromBinary(intakeV1.LotDocumentAddedSchema, record.value);
      documents.push({
        lotId: added.lot?.lotId || record.key,
        documentId: added.documentId,
        name: added.name,
        version: added.version,
        kind: enumName(intakeV1.DocumentKind, added.kind, 'DOCUMENT_KIND_'),
        mediaType: added.mediaType,
        sha256: added.sha256,
        sizeBytes: String(added.sizeBytes),
        addedAt: time,
        eventId: proof.event.eventId,
      });
    } else if (type === IntakeEventTypes.LotRegistered) {
      const registered = fromBinary(intakeV1.LotRegisteredSchema, record.value);
      if (registered.wasteManifestNumber !== '') {
        wasteManifests.push({
          lotId: registered.lot?.lotId || record.key,
          wasteManifestNumber: registered.wasteManifestNumber,
          eventId: proof.event.eventId,
        });
      }
    } else if (MANIFEST_EVENT_TYPES.has(type) && isEventType(type)) {
      const { schema } = eventTypeOf(type);
      manifestEvents.push({
        lotId: record.key,
        type,
        time,
        eventId: proof.event.eventId,
        data: toJson(schema, fromBinary(schema, record.value)),
      });
    }
  }
  return {
    note: "Hashes as intake published them (LotDocumentAdded.sha256, SHA-256 of the document bytes); the bytes stay in intake's document store. Each entry names the event whose ledger proof in ledger-proofs.json covers it.",
    documents,
    wasteManifests,
    manifestEvents,
  };
}
