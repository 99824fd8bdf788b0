import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
// A cycle (the module imports the resolver, which imports these types), read lazily by registerIn.
import { TraceabilityModule } from '../traceability.module';

const IN_TRACEABILITY_SUBGRAPH = { registerIn: () => TraceabilityModule } as const;

@ObjectType('LedgerPublicKey', {
  ...IN_TRACEABILITY_SUBGRAPH,
  description: "The plant's key that signs the ledger's checkpoints (Ed25519)",
})
export class LedgerPublicKeyModel {
  @Field({ description: 'ed25519: and the first 32 hex digits of SHA-256 of the SPKI DER' })
  keyId!: string;
  @Field()
  algorithm!: string;
  @Field({ description: 'SPKI, PEM: what the offline verifier (npm run verify-proof) takes' })
  publicKeyPem!: string;
  @Field({
    description:
      'CONFIGURED, or GENERATED_DEVELOPMENT_KEY (embedded mode without a configured key: proves nothing to an outsider)',
  })
  origin!: string;
}

@ObjectType('LedgerCheckpoint', {
  ...IN_TRACEABILITY_SUBGRAPH,
  description: 'A signed Merkle root over the ledger entries appended since the previous checkpoint',
})
export class LedgerCheckpointModel {
  @Field(() => Int)
  sequence!: number;
  @Field(() => Int, { description: 'Entries covered (leaves)' })
  treeSize!: number;
  @Field({ description: 'Merkle root (RFC 9162), hex' })
  root!: string;
  @Field({ description: 'Append time of the first covered entry' })
  periodStart!: string;
  @Field({ description: 'Append time of the last covered entry' })
  periodEnd!: string;
  @Field({ description: "SHA-256 of the previous checkpoint's signed bytes, hex (zeros for the first)" })
  previous!: string;
  @Field()
  keyId!: string;
  @Field({ description: 'Ed25519 signature over the checkpoint statement, base64' })
  signature!: string;
  @Field({ description: 'ENTRIES, PERIOD or ON_DEMAND' })
  reason!: string;
  @Field(() => String, { nullable: true })
  requestedBy?: string;
  @Field(() => GraphQLISODateTime)
  createdAt!: Date;
}

@ObjectType('LedgerChainProblem', {
  ...IN_TRACEABILITY_SUBGRAPH,
  description: 'The first entry of a chain that does not recompute from the stored bytes',
})
export class LedgerChainProblemModel {
  @Field()
  chainId!: string;
  @Field()
  topic!: string;
  @Field({ description: 'Kafka: the topic; embedded: the outbox schema' })
  source!: string;
  @Field(() => Int)
  partition!: number;
  @Field(() => Int)
  chainIndex!: number;
  @Field(() => String, { nullable: true, description: 'Kafka offset or log position' })
  offset?: string;
  @Field(() => ID, { nullable: true })
  eventId?: string;
  @Field({
    description:
      'EVENT_BYTES_CHANGED, PREVIOUS_HASH_MISMATCH, ENTRY_HASH_MISMATCH, CHAIN_INDEX_GAP, CHAIN_HEAD_MISMATCH',
  })
  problem!: string;
  @Field()
  detail!: string;
}

@ObjectType('LedgerCheckpointProblem', { ...IN_TRACEABILITY_SUBGRAPH })
export class LedgerCheckpointProblemModel {
  @Field(() => Int)
  sequence!: number;
  @Field({ description: 'ROOT_MISMATCH, SIGNATURE_INVALID, UNKNOWN_KEY, PREVIOUS_MISMATCH, LEAVES_MISMATCH' })
  problem!: string;
  @Field()
  detail!: string;
}

@ObjectType('LedgerVerification', {
  ...IN_TRACEABILITY_SUBGRAPH,
  description:
    'Every chain recomputed from the stored event bytes, every checkpoint root and signature checked',
})
export class LedgerVerificationModel {
  @Field()
  valid!: boolean;
  @Field(() => Int)
  chains!: number;
  @Field(() => Int)
  entries!: number;
  @Field(() => Int)
  checkpoints!: number;
  @Field(() => Int)
  uncheckpointedEntries!: number;
  @Field(() => [LedgerChainProblemModel])
  chainProblems!: LedgerChainProblemModel[];
  @Field(() => [LedgerCheckpointProblemModel])
  checkpointProblems!: LedgerCheckpointProblemModel[];
}

@ObjectType('LedgerEventProof', {
  ...IN_TRACEABILITY_SUBGRAPH,
  description:
    "One event's proof against a signed checkpoint; `document` is what `npm run verify-proof` checks",
})
export class LedgerEventProofModel {
  @Field(() => ID)
  eventId!: string;
  @Field({ description: 'PROVEN, or PENDING until a checkpoint covers the event' })
  status!: string;
  @Field()
  topic!: string;
  @Field(() => Int)
  partition!: number;
  @Field()
  offset!: string;
  @Field({ description: 'SHA-256 of the canonical event bytes, hex' })
  eventHash!: string;
  @Field(() => Int, { nullable: true })
  checkpointSequence?: number;
  @Field(() => String, {
    nullable: true,
    description: 'The proof JSON (rre.ledger.proof.v1); null while PENDING',
  })
  document?: string;
}

@ObjectType('LedgerProofBundle', {
  ...IN_TRACEABILITY_SUBGRAPH,
  description:
    'Proofs of every event of the lots and runs behind a lot (its genealogy up to the source lots)',
})
export class LedgerProofBundleModel {
  @Field(() => ID)
  lotId!: string;
  @Field(() => Int)
  proven!: number;
  @Field(() => [ID], { description: 'Events not covered by a checkpoint yet' })
  pendingEventIds!: string[];
  @Field({ description: 'The bundle JSON (rre.ledger.proof-bundle.v1) that `npm run verify-proof` checks' })
  document!: string;
}
