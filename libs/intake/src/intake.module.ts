import {
  type DynamicModule,
  Inject,
  Injectable,
  Module,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { LotMutationResolver } from './graphql/lot-mutation.resolver';
import { LotDocumentController } from './http/lot-document.controller';
import { documentStorageOf } from './storage/document-storage-of';
import { LotResolver } from './graphql/lot.resolver';
import { callerFromPrincipal, type IntakeCallerResolver } from './graphql/intake-request.context';
import {
  createIntakeApplication,
  type IntakeApplication,
  type IntakeApplicationOptions,
} from './intake-application';
import type { IntakeSettings } from './intake-config';
import { INTAKE_APPLICATION, INTAKE_CALLER_RESOLVER } from './intake.di-tokens';
import { purgeExpiredIdempotencyKeys } from './persistence/typeorm-idempotency-store';

export interface IntakeModuleOptions extends Omit<IntakeApplicationOptions, 'documents'> {
  /**
   * Document bytes (content-addressed) in `directory`, or in the S3-compatible store `s3` (then
   * `directory` only spools uploads); without it uploads are refused.
   */
  readonly documents?: IntakeSettings['documents'];
  /** Says who calls; default the principal @rre/auth verified for the request. */
  readonly callerResolver?: IntakeCallerResolver;
  /** How often expired idempotency keys are deleted; default hourly, 0 never. */
  readonly purgeIntervalMs?: number;
}

const PURGE_OPTIONS = Symbol('INTAKE_PURGE_OPTIONS');

/** Deletes expired idempotency keys now and then (a key is honoured until it expires, whether or not it was purged). */
@Injectable()
class IdempotencyKeyPurger implements OnModuleInit, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(INTAKE_APPLICATION) private readonly intake: IntakeApplication,
    @Inject(PURGE_OPTIONS) private readonly options: { dataSource: DataSource; intervalMs: number },
  ) {}

  onModuleInit(): void {
    if (this.options.intervalMs <= 0) return;
    this.timer = setInterval(() => {
      purgeExpiredIdempotencyKeys(this.options.dataSource, this.intake.clock.now()).catch(() => undefined);
    }, this.options.intervalMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }
}

/** Intake's GraphQL API (queries and mutations on lots) for a GraphQLModule code-first schema. */
@Module({})
export class IntakeModule {
  static forRoot(options: IntakeModuleOptions): DynamicModule {
    return {
      module: IntakeModule,
      providers: [
        {
          provide: INTAKE_APPLICATION,
          useValue: createIntakeApplication({
            ...options,
            documents: options.documents && {
              storage: documentStorageOf(options.documents),
              maxBytes: options.documents.maxBytes,
            },
          }),
        },
        { provide: INTAKE_CALLER_RESOLVER, useValue: options.callerResolver ?? callerFromPrincipal },
        {
          provide: PURGE_OPTIONS,
          useValue: { dataSource: options.dataSource, intervalMs: options.purgeIntervalMs ?? 60 * 60 * 1000 },
        },
        IdempotencyKeyPurger,
        LotResolver,
        LotMutationResolver,
      ],
      controllers: [LotDocumentController],
      exports: [INTAKE_APPLICATION],
    };
  }
}
