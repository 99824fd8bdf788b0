import { Controller, Get, Header, Inject, UseFilters } from '@nestjs/common';
import { Args, Context, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { principalOf, Public, Roles } from '@rre/auth';
import { toHex } from '@rre/ledger';
import type { GraphqlContext } from '@rre/process-runs';
import { TraceabilityError } from '../domain/traceability-error';
import { TraceabilityErrorFilter } from '../graphql/traceability-error.filter';
import type { LedgerApplication } from './ledger-application';
import { LEDGER_APPLICATION } from './ledger.di-token';
import {
  LedgerCheckpointModel,
  LedgerEventProofModel,
  LedgerProofBundleModel,
  LedgerPublicKeyModel,
  LedgerVerificationModel,
} from './ledger.models';

/**
 * The tamper-evident ledger: its public key (anyone), verification and proofs (auditors and
 * admins: proofs carry the events' bytes, suppliers included), checkpoints on demand (the plant's
 * operators and admins; auditors never write).
 */
@Resolver()
@UseFilters(TraceabilityErrorFilter)
export class LedgerResolver {
  constructor(@Inject(LEDGER_APPLICATION) private readonly ledger: LedgerApplication) {}

  @Public()
  @Query(() => LedgerPublicKeyModel, { description: 'The key that signs checkpoints now' })
  async ledgerPublicKey(): Promise<LedgerPublicKeyModel> {
    return this.ledger.publicKey();
  }

  @Public()
  @Query(() => [LedgerPublicKeyModel], { description: 'Every key a checkpoint was signed with' })
  async ledgerPublicKeys(): Promise<LedgerPublicKeyModel[]> {
    return this.ledger.publicKeys();
  }

  @Roles('auditor', 'admin', 'operator')
  @Query(() => [LedgerCheckpointModel], {
    description: 'Checkpoints in sequence order (the last `last`, or all)',
  })
  async ledgerCheckpoints(
    @Args('last', { type: () => Int, nullable: true }) last: number | undefined,
  ): Promise<LedgerCheckpointModel[]> {
    if (last !== undefined && last !== null && last < 1) {
      throw new TraceabilityError({
        code: 'INVALID_INPUT',
        field: 'last',
        value: String(last),
        rule: 'must be at least 1',
      });
    }
    return this.ledger.checkpoints(last ?? undefined);
  }

  @Roles('auditor', 'admin')
  @Query(() => LedgerVerificationModel, {
    description:
      'Recomputes every chain from the stored bytes; names the first entry of each chain that does not match and every checkpoint that does not verify',
  })
  async verifyLedger(): Promise<LedgerVerificationModel> {
    const verification = await this.ledger.verify();
    return {
      ...verification,
      chainProblems: [...verification.chainProblems],
      checkpointProblems: [...verification.checkpointProblems],
    };
  }

  @Roles('auditor', 'admin')
  @Query(() => LedgerEventProofModel, {
    nullable: true,
    description: 'null when the ledger holds no such event',
  })
  async ledgerProof(
    @Args('eventId', { type: () => ID }) eventId: string,
  ): Promise<LedgerEventProofModel | null> {
    const result = await this.ledger.proofOfEvent(eventId);
    if (!result) return null;
    if (result.status === 'PENDING') {
      const { entry } = result;
      return {
        eventId,
        status: 'PENDING',
        topic: entry.topic,
        partition: entry.partition,
        offset: entry.offset,
        eventHash: toHex(entry.eventHash),
      };
    }
    const { proof } = result;
    return {
      eventId,
      status: 'PROVEN',
      topic: proof.event.topic,
      partition: proof.event.partition,
      offset: proof.event.offset,
      eventHash: proof.event.bytesSha256,
      checkpointSequence: proof.checkpoint.sequence,
      document: JSON.stringify(proof, null, 2),
    };
  }

  @Roles('auditor', 'admin')
  @Query(() => LedgerProofBundleModel, { description: 'Proofs of every event behind a lot' })
  async ledgerProofsForLot(
    @Args('lotId', { type: () => ID }) lotId: string,
  ): Promise<LedgerProofBundleModel> {
    const bundle = await this.ledger.proofsBehindLot(lotId);
    return {
      lotId,
      proven: bundle.proofs.length,
      pendingEventIds: [...bundle.pendingEventIds],
      document: JSON.stringify(bundle, null, 2),
    };
  }

  @Roles('operator', 'admin')
  @Mutation(() => LedgerCheckpointModel, {
    nullable: true,
    description: 'Signs a checkpoint over every entry not covered yet now; null when there is none',
  })
  async createLedgerCheckpoint(@Context() context: GraphqlContext): Promise<LedgerCheckpointModel | null> {
    return (await this.ledger.checkpoint('ON_DEMAND', principalOf(context.req)?.subject)) ?? null;
  }
}

/** The public key over plain HTTP, for verifiers that do not speak GraphQL. */
@Controller('traceability/ledger')
export class LedgerPublicKeyController {
  constructor(@Inject(LEDGER_APPLICATION) private readonly ledger: LedgerApplication) {}

  @Public()
  @Get('public-key.pem')
  @Header('content-type', 'application/x-pem-file')
  async publicKeyPem(): Promise<string> {
    return (await this.ledger.publicKey()).publicKeyPem;
  }
}
