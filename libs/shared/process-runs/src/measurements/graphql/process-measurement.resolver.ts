import { Inject, type InjectionToken, type Type, UseFilters } from '@nestjs/common';
import { Args, Context, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, type Principal, Roles } from '@rre/auth';
import { inTransaction } from '@rre/persistence';
import type { DataSource } from 'typeorm';
import { ulid } from 'ulid';
import type { ProcessMeasurements } from '../process-measurements';
import { graphqlNames } from './graphql-prefix';
import { MeasurementErrorFilter } from './measurement-error.filter';
import { createMeasurementGraphqlTypes, type MeasurementGraphqlTypes } from './measurement-graphql.types';

/**
 * What the host provides (under `backend`) for the measurement resolver: its data source and the
 * measurements (built with `events` to announce recorded batches on the host's run topic).
 */
export interface ProcessMeasurementBackend {
  readonly dataSource: DataSource;
  readonly measurements: ProcessMeasurements;
}

export interface ProcessMeasurementResolverOptions {
  /** PascalCase service prefix, e.g. "Concentration": `recordConcentrationMeasurements`, `ConcentrationMeasurementSeries`. */
  readonly prefix: string;
  /** DI token of the host's ProcessMeasurementBackend. */
  readonly backend: InjectionToken;
}

export const MEASUREMENT_WRITERS = ['operator', 'admin'] as const;
export const MEASUREMENT_READERS = ['auditor', 'lab', 'operator', 'admin'] as const;

const IDEMPOTENCY_KEY = {
  nullable: true,
  description:
    'Client-chosen key per client: the same key with the same batch returns the first outcome (replayed: true); with another batch it is refused (CONFLICT, IDEMPOTENCY_KEY_REUSED). Without a key a resend is still harmless: its samples count as duplicates.',
} as const;

const CORRELATION_ID = /^[\x21-\x7e]{1,128}$/;

/** The GraphQL context as the Apollo driver builds it: the HTTP request is `req`. */
interface GraphqlContext {
  readonly req?: { readonly headers?: Record<string, string | string[] | undefined> };
}

const resolvers = new Map<string, { resolver: Type<unknown>; types: MeasurementGraphqlTypes }>();

/**
 * A resolver class for recording and querying a process service's measurements, with every type
 * and root field named after `prefix`. Put the returned class in a module's `providers`.
 * Writes: operator, admin; reads: auditor, lab, operator, admin.
 */
export function createProcessMeasurementResolver(options: ProcessMeasurementResolverOptions): Type<unknown> {
  const known = resolvers.get(options.prefix);
  if (known) return known.resolver;
  const names = graphqlNames(options.prefix);
  const types = createMeasurementGraphqlTypes(options.prefix);
  const {
    MeasurementBatchInput,
    BatchOutcomeModel,
    SeriesSummaryModel,
    SamplePageModel,
    SampleModel,
    IntegralModel,
  } = types;
  type MeasurementBatchInput = InstanceType<typeof MeasurementBatchInput>;

  @Resolver()
  @UseFilters(MeasurementErrorFilter)
  class ProcessMeasurementResolver {
    constructor(@Inject(options.backend) private readonly backend: ProcessMeasurementBackend) {}

    @Mutation(() => BatchOutcomeModel, {
      name: `record${names.pascal}Measurements`,
      description:
        'Record a batch of process measurements of a run. Samples are ordered by measured time; an identical resend is counted as a duplicate; another reading for a kept instant is a conflict, kept as a rejected revision (the first reading stays). Bad input refuses the whole batch (operator, admin)',
    })
    @Roles(...MEASUREMENT_WRITERS)
    async record(
      @Args('input', { type: () => MeasurementBatchInput }) input: MeasurementBatchInput,
      @CurrentPrincipal() principal: Principal | undefined,
      @Context() context: GraphqlContext,
      @Args('idempotencyKey', { type: () => String, ...IDEMPOTENCY_KEY }) idempotencyKey?: string | null,
    ) {
      const correlationHeader = context.req?.headers?.['x-correlation-id'];
      const batch = {
        runId: input.runId,
        series: input.series.map((series) => ({
          kind: series.kind,
          tag: series.tag ?? undefined,
          unit: series.unit,
          samples: series.samples.map((sample) => ({ ...sample })),
        })),
      };
      return inTransaction(this.backend.dataSource, (manager) =>
        this.backend.measurements.record(manager, batch, {
          clientSubject: principal?.subject,
          idempotencyKey: idempotencyKey ?? undefined,
          actor: principal && { subject: principal.subject, organisationId: principal.organisationId },
          correlationId:
            typeof correlationHeader === 'string' && CORRELATION_ID.test(correlationHeader)
              ? correlationHeader
              : undefined,
          requestId: ulid(),
        }),
      );
    }

    @Query(() => [SeriesSummaryModel], {
      name: `${names.camel}MeasurementSeries`,
      description:
        "A run's measurement series with count, first/last and min/max (auditor, lab, operator, admin)",
    })
    @Roles(...MEASUREMENT_READERS)
    async series(@Args('runId', { type: () => ID }) runId: string) {
      return inTransaction(this.backend.dataSource, (manager) =>
        this.backend.measurements.listSeries(manager, runId),
      );
    }

    @Query(() => SamplePageModel, {
      name: `${names.camel}MeasurementSamples`,
      description:
        'A page of a series in measured-time order, within [from, to) (auditor, lab, operator, admin)',
    })
    @Roles(...MEASUREMENT_READERS)
    async samples(
      @Args('seriesId', { type: () => ID }) seriesId: string,
      @Args('from', { type: () => String, nullable: true, description: 'RFC 3339 with offset, inclusive' })
      from?: string | null,
      @Args('to', { type: () => String, nullable: true, description: 'RFC 3339 with offset, exclusive' })
      to?: string | null,
      @Args('first', { type: () => Int, nullable: true, description: 'Page size, default 100' })
      first?: number | null,
      @Args('after', { type: () => String, nullable: true, description: 'endCursor of the previous page' })
      after?: string | null,
    ) {
      return inTransaction(this.backend.dataSource, (manager) =>
        this.backend.measurements.samples(manager, {
          seriesId,
          from: from ?? undefined,
          to: to ?? undefined,
          first: first ?? undefined,
          after: after ?? undefined,
        }),
      );
    }

    @Query(() => IntegralModel, {
      name: `${names.camel}MeasurementIntegral`,
      description:
        'The integral of a series over time by the trapezoid rule, exact (e.g. current → charge in A.s); bad samples are bridged (auditor, lab, operator, admin)',
    })
    @Roles(...MEASUREMENT_READERS)
    async integral(
      @Args('seriesId', { type: () => ID }) seriesId: string,
      @Args('from', { type: () => String, nullable: true }) from?: string | null,
      @Args('to', { type: () => String, nullable: true }) to?: string | null,
    ) {
      return inTransaction(this.backend.dataSource, (manager) =>
        this.backend.measurements.integrate(manager, {
          seriesId,
          from: from ?? undefined,
          to: to ?? undefined,
        }),
      );
    }

    @Query(() => [SampleModel], {
      name: `${names.camel}RejectedMeasurementRevisions`,
      description:
        'Readings refused for instants that already held another reading (auditor, lab, operator, admin)',
    })
    @Roles(...MEASUREMENT_READERS)
    async rejectedRevisions(@Args('seriesId', { type: () => ID }) seriesId: string) {
      return inTransaction(this.backend.dataSource, (manager) =>
        this.backend.measurements.rejectedRevisions(manager, seriesId),
      );
    }
  }

  Object.defineProperty(ProcessMeasurementResolver, 'name', {
    value: `${names.type}ProcessMeasurementResolver`,
  });
  resolvers.set(options.prefix, { resolver: ProcessMeasurementResolver, types });
  return ProcessMeasurementResolver;
}
