import { Controller, Get, Inject, Query, Req, Res, UseFilters } from '@nestjs/common';
import { principalOf, Roles } from '@rre/auth';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TraceabilityError } from '../domain/traceability-error';
import { EpcisHttpErrorFilter } from './epcis-document.controller';
import { type EpcisPeriodExport, epcisPeriodOf } from './epcis-period-export';
import { EPCIS_PERIOD_EXPORT } from './epcis-period.di-token';

/** `GET /epcis/period.jsonld?from=&to=`: every EPCIS event of the plant in [from, to) (auditors, admins). */
@Controller('epcis')
@UseFilters(EpcisHttpErrorFilter)
@Roles('auditor', 'admin')
export class EpcisPeriodController {
  constructor(@Inject(EPCIS_PERIOD_EXPORT) private readonly epcis: EpcisPeriodExport) {}

  @Get('period.jsonld')
  async document(
    @Query('from') from: string | undefined,
    @Query('to') to: string | undefined,
    @Req() request: IncomingMessage,
    @Res() response: ServerResponse,
  ): Promise<void> {
    const period = epcisPeriodOf(from, to);
    const principal = principalOf(request);
    if (!principal) {
      throw new TraceabilityError({
        code: 'FORBIDDEN',
        field: 'caller',
        value: 'none',
        rule: 'must be signed in',
      });
    }
    const document = await this.epcis.documentOf(principal, period);
    response.statusCode = 200;
    response.setHeader('content-type', 'application/ld+json; charset=utf-8');
    response.end(JSON.stringify(document));
  }
}
