import { Inject, UseFilters } from '@nestjs/common';
import { Args, Context, ID, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '@rre/auth';
import type { GraphqlContext } from '@rre/process-runs';
import type { EpcisExport } from '../epcis/epcis-export';
import { EPCIS_EXPORT } from '../epcis/epcis.di-token';
import { callerOf } from './caller';
import { TraceabilityErrorFilter } from './traceability-error.filter';

/** The EPCIS 2.0 export of a lot's trace. Plant staff and auditors (it names every source lot). */
@Resolver()
@UseFilters(TraceabilityErrorFilter)
@Roles('lab', 'operator', 'auditor', 'sales', 'admin')
export class EpcisResolver {
  constructor(@Inject(EPCIS_EXPORT) private readonly epcis: EpcisExport) {}

  @Query(() => String, {
    description:
      "The lot's backward trace as an EPCIS 2.0 JSON-LD document (JSON text): registrations, assays, runs as TransformationEvents in KGM, shipments; valid against GS1's EPCIS JSON Schema",
  })
  async epcisDocument(
    @Args('lotId', { type: () => ID }) lotId: string,
    @Context() context: GraphqlContext,
  ): Promise<string> {
    return JSON.stringify(await this.epcis.documentOf(callerOf(context), lotId));
  }
}
