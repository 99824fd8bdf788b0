import {
  type ArgumentsHost,
  Catch,
  Controller,
  type ExceptionFilter,
  Get,
  Inject,
  Param,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import { principalOf, Roles } from '@rre/auth';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TraceabilityError } from '../domain/traceability-error';
import type { EvidencePacks } from './evidence-pack';
import { EVIDENCE_PACKS } from './evidence.di-token';

const STATUS: Record<string, number> = { FORBIDDEN: 403, UNKNOWN_LOT: 404, UNKNOWN_STATEMENT: 404 };

/** A refusal on the evidence route: the status, and the same details as the GraphQL errors. */
@Catch(TraceabilityError)
export class EvidenceHttpErrorFilter implements ExceptionFilter {
  catch(error: TraceabilityError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<ServerResponse>();
    response.statusCode = STATUS[error.code] ?? 400;
    response.setHeader('content-type', 'application/json; charset=utf-8');
    response.end(
      JSON.stringify({
        message: error.message,
        code: error.code,
        field: error.field,
        value: error.value,
        rule: error.rule,
      }),
    );
  }
}

/** `GET /evidence/statements/:statementId(.zip)`: a frozen statement's evidence pack (bearer token as for GraphQL). */
@Controller('evidence')
@UseFilters(EvidenceHttpErrorFilter)
@Roles('auditor', 'admin')
export class EvidencePackController {
  constructor(@Inject(EVIDENCE_PACKS) private readonly packs: EvidencePacks) {}

  @Get('statements/:file')
  async pack(
    @Param('file') file: string,
    @Req() request: IncomingMessage,
    @Res() response: ServerResponse,
  ): Promise<void> {
    const statementId = file.endsWith('.zip') ? file.slice(0, -'.zip'.length) : file;
    if (statementId === '') {
      throw new TraceabilityError({
        code: 'INVALID_INPUT',
        field: 'path',
        value: file,
        rule: 'must be /evidence/statements/<statement id>.zip',
      });
    }
    const principal = principalOf(request);
    if (!principal) {
      throw new TraceabilityError({
        code: 'FORBIDDEN',
        field: 'caller',
        value: 'none',
        rule: 'must be signed in',
      });
    }
    const pack = await this.packs.packOf(principal, statementId);
    response.statusCode = 200;
    response.setHeader('content-type', 'application/zip');
    response.setHeader('content-disposition', `attachment; filename="${pack.fileName}"`);
    response.setHeader('content-length', String(pack.bytes.length));
    response.end(pack.bytes);
  }
}
