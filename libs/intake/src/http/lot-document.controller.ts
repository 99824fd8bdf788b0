import {
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { IntakeMutation } from '../application/intake-access-policy';
import { IntakeError } from '../domain/intake-error';
import { type IntakeCallerResolver, intakeRequestOf, callerOf } from '../graphql/intake-request.context';
import { MayCall, MayReadLots } from '../graphql/intake-roles';
import type { IntakeApplication } from '../intake-application';
import { INTAKE_APPLICATION, INTAKE_CALLER_RESOLVER } from '../intake.di-tokens';
import { IntakeHttpErrorFilter } from './intake-http-error.filter';

export interface UploadedDocument {
  lotId: string;
  documentId: string;
  /** False when the same bytes were already stored under this name (that version is returned). */
  created: boolean;
  /** True when an earlier request with the same Idempotency-Key did this. */
  replayed: boolean;
  name: string;
  version: number;
  kind: string;
  mediaType: string;
  sha256: string;
  sizeBytes: number;
}

/**
 * Document bytes travel over plain HTTP, not GraphQL: `POST /intake/lots/:lotId/documents?name=&kind=&mediaType=&newVersion=`
 * with the raw bytes as body (`Content-Type: application/octet-stream`), and
 * `GET /intake/documents/:documentId`. Both need a bearer token like GraphQL.
 */
@Controller('intake')
@UseFilters(IntakeHttpErrorFilter)
export class LotDocumentController {
  constructor(
    @Inject(INTAKE_APPLICATION) private readonly intake: IntakeApplication,
    @Inject(INTAKE_CALLER_RESOLVER) private readonly resolveCaller: IntakeCallerResolver,
  ) {}

  @Post('lots/:lotId/documents')
  @HttpCode(201)
  @MayCall(IntakeMutation.UPLOAD_LOT_DOCUMENT)
  async upload(
    @Param('lotId') lotId: string,
    @Query('name') name: string | undefined,
    @Query('kind') kind: string | undefined,
    @Query('mediaType') mediaType: string | undefined,
    @Query('newVersion') newVersion: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() request: IncomingMessage,
  ): Promise<UploadedDocument> {
    if (request.readableEnded) {
      // A JSON or form body was parsed (and consumed) before it reached here.
      throw new IntakeError({
        code: 'INVALID_INPUT',
        field: 'content-type',
        value: String(request.headers['content-type']),
        rule: 'must be application/octet-stream: the body is the document bytes; give the media type in ?mediaType=',
      });
    }
    const intakeRequest = await intakeRequestOf(this.resolveCaller, { req: request }, idempotencyKey);
    const outcome = await this.intake.uploadLotDocument.execute(
      {
        lotId,
        name: name ?? '',
        kind: kind ?? 'OTHER',
        mediaType: mediaType ?? '',
        newVersion: newVersion === 'true',
      },
      request,
      intakeRequest,
    );
    const { document } = await this.intake.getLotDocument.execute(outcome.recordIds[0], intakeRequest.caller);
    return {
      lotId: outcome.lotId,
      documentId: document.id,
      created: outcome.created,
      replayed: outcome.replayed,
      name: document.name,
      version: document.version,
      kind: document.kind,
      mediaType: document.mediaType,
      sha256: document.sha256,
      sizeBytes: document.sizeBytes,
    };
  }

  @Get('documents/:documentId')
  @MayReadLots()
  async download(
    @Param('documentId') documentId: string,
    @Req() request: IncomingMessage,
    @Res() response: ServerResponse,
  ): Promise<void> {
    const caller = await callerOf(this.resolveCaller, { req: request });
    const { document, content } = await this.intake.getLotDocument.execute(documentId, caller);
    response.setHeader('content-type', document.mediaType);
    response.setHeader('content-length', String(document.sizeBytes));
    response.setHeader('etag', `"sha256-${document.sha256}"`);
    response.setHeader('x-content-sha256', document.sha256);
    response.setHeader(
      'content-disposition',
      `attachment; filename*=UTF-8''${encodeURIComponent(document.name)}`,
    );
    content.on('error', (error) => response.destroy(error));
    content.pipe(response);
  }
}
