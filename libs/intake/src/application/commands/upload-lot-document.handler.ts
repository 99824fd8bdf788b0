import type { Readable } from 'node:stream';
import { IntakeError } from '../../domain/intake-error';
import {
  checkDocumentName,
  checkMediaType,
  DOCUMENT_KINDS,
  type DocumentKind,
} from '../../domain/lot-document';
import type { MutationOutcome } from '../idempotency/idempotent-mutation';
import { assertMayCall, IntakeMutation, mayRead } from '../intake-access-policy';
import type { IntakeRequest } from '../intake-caller';
import type { IntakeDependencies } from '../intake-dependencies';
import type { DocumentStorage } from '../ports/document-storage.port';
import { actorOf, mutateLot, unknownLot } from './lot-mutation';

export interface UploadLotDocumentCommand {
  readonly lotId: string;
  readonly name: string;
  readonly kind: string;
  readonly mediaType: string;
  /** Add the next version when the name exists with other bytes; default false (refused then). */
  readonly newVersion?: boolean;
}

export interface DocumentSettings {
  readonly storage: DocumentStorage;
  /** Largest document accepted, in bytes. */
  readonly maxBytes: number;
}

/**
 * Stores a document's bytes (content-addressed, SHA-256 and size measured while streaming), then
 * records it on the lot in a transaction. The same bytes under a stored name are that version again;
 * other bytes need `newVersion`. Allowed whoever holds the lot.
 */
export class UploadLotDocumentHandler {
  constructor(
    private readonly deps: IntakeDependencies,
    private readonly documents: DocumentSettings | undefined,
  ) {}

  async execute(
    command: UploadLotDocumentCommand,
    content: Readable,
    request: IntakeRequest,
  ): Promise<MutationOutcome & { readonly created: boolean }> {
    assertMayCall(request.caller, IntakeMutation.UPLOAD_LOT_DOCUMENT);
    const name = checkDocumentName(command.name);
    const mediaType = checkMediaType(command.mediaType);
    if (!(DOCUMENT_KINDS as readonly string[]).includes(command.kind)) {
      throw new IntakeError({
        code: 'INVALID_INPUT',
        field: 'kind',
        value: JSON.stringify(command.kind),
        rule: `must be one of ${DOCUMENT_KINDS.join(', ')}`,
      });
    }
    if (!this.documents) {
      throw new IntakeError({
        code: 'INVALID_INPUT',
        field: 'content',
        value: 'a document',
        rule: 'needs a document storage, which this deployment has not configured (INTAKE_DOCUMENT_DIR)',
      });
    }
    // Bytes of a lot the caller cannot see are not stored at all.
    const visible = await this.deps.reader.get(command.lotId);
    if (!visible || !mayRead(request.caller, visible.registration.organisationId))
      throw unknownLot(command.lotId);
    const stored = await this.documents.storage.put(content, this.documents.maxBytes);
    let created = false;
    const outcome = await mutateLot(this.deps, request, {
      mutation: IntakeMutation.UPLOAD_LOT_DOCUMENT,
      input: { ...command, name, mediaType, sha256: stored.sha256 },
      find: (lots) => lots.getForUpdate(command.lotId),
      notFound: () => unknownLot(command.lotId),
      apply: (lot, now) => {
        const change = lot.addDocument(
          this.deps.ids.next(),
          {
            name,
            kind: command.kind as DocumentKind,
            mediaType,
            ...stored,
            newVersion: command.newVersion ?? false,
          },
          actorOf(request),
          now,
        );
        created = change.lot !== lot;
        return { change, recordIds: [change.document.id] };
      },
    });
    return { ...outcome, created };
  }
}
