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
import type { EpcisExport } from './epcis-export';
import { EPCIS_EXPORT } from './epcis.di-token';

const STATUS: Record<string, number> = { FORBIDDEN: 403, UNKNOWN_LOT: 404 };

/** A refusal on the EPCIS route: the status, and the same details as the GraphQL errors. */
@Catch(TraceabilityError)
export class EpcisHttpErrorFilter implements ExceptionFilter {
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

/** `GET /epcis/lots/:lotId.jsonld`: the lot's EPCIS 2.0 document over plain HTTP (bearer token as for GraphQL). */
@Controller('epcis')
@UseFilters(EpcisHttpErrorFilter)
@Roles('lab', 'operator', 'auditor', 'sales', 'admin')
export class EpcisDocumentController {
  constructor(@Inject(EPCIS_EXPORT) private readonly epcis: EpcisExport) {}

  @Get('lots/:file')
  async document(
    @Param('file') file: string,
    @Req() request: IncomingMessage,
    @Res() response: ServerResponse,
  ): Promise<void> {
    if (!file.endsWith('.jsonld') || file.length === '.jsonld'.length) {
      throw new TraceabilityError({
        code: 'INVALID_INPUT',
        field: 'path',
        value: file,
        rule: 'must be /epcis/lots/<lot id>.jsonld',
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
    const document = await this.epcis.documentOf(principal, file.slice(0, -'.jsonld'.length));
    response.statusCode = 200;
    response.setHeader('content-type', 'application/ld+json; charset=utf-8');
    response.end(JSON.stringify(document));
  }
}
