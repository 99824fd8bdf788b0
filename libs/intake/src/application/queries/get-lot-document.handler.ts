import type { Readable } from 'node:stream';
import { IntakeError } from '../../domain/intake-error';
import type { LotDocument } from '../../domain/lot-document';
import { assertMayRead, mayRead } from '../intake-access-policy';
import type { IntakeCaller } from '../intake-caller';
import type { DocumentStorage } from '../ports/document-storage.port';
import type { LotReader } from '../ports/lot-reader.port';

/** A document's record and bytes, for a caller who may see its lot. */
export class GetLotDocumentHandler {
  constructor(
    private readonly reader: LotReader,
    private readonly storage: DocumentStorage | undefined,
  ) {}

  async execute(
    documentId: string,
    caller: IntakeCaller,
  ): Promise<{ document: LotDocument; content: Readable }> {
    assertMayRead(caller);
    const lotId = await this.reader.lotIdOfDocument(documentId);
    const lot = lotId === undefined ? undefined : await this.reader.get(lotId);
    const document = lot?.snapshot.documents.find((candidate) => candidate.id === documentId);
    if (!lot || !document || !mayRead(caller, lot.registration.organisationId) || !this.storage) {
      throw new IntakeError({
        code: 'UNKNOWN_LOT',
        field: 'documentId',
        value: documentId,
        rule: 'must be the id of a document of a lot you may see',
      });
    }
    return { document, content: this.storage.open(document.storageKey) };
  }
}
