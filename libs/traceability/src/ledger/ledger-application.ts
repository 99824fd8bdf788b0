import {
  ChainVerifier,
  checkpointHash,
  checkpointSignatureValid,
  chainIdOf,
  GENESIS_HASH,
  generateSigningKey,
  inclusionPath,
  type LedgerProof,
  type LedgerProofBundle,
  merkleRoot,
  PROOF_BUNDLE_FORMAT,
  PROOF_FORMAT,
  privateKeyPem,
  publicKeyFrom,
  publicKeyPem,
  signCheckpoint,
  type SigningKey,
  signingKeyFrom,
  toHex,
} from '@rre/ledger';
import { inTransaction } from '@rre/persistence';
import { type KeyObject, sign } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { TraceabilityError } from '../domain/traceability-error';
import { GenealogyStore } from '../persistence/genealogy.store';
import { type LedgerEntryRow, LedgerStore, type StoredCheckpoint } from './ledger.store';

/** How the ledger signs and how often it checkpoints. */
export interface LedgerSettings {
  /**
   * The plant's Ed25519 private key: PEM (PKCS#8), or base64 of its DER or of the 32-byte seed.
   * Unset: a development key is generated once and kept in the database (embedded mode only).
   */
  readonly signingKey?: string;
  /** A checkpoint as soon as this many entries are not covered (default 1000). */
  readonly checkpointEveryEntries?: number;
  /** ... or when the oldest uncovered entry is this old, ms (default 600000: 10 min). */
  readonly checkpointPeriodMs?: number;
  /** The most entries one checkpoint covers (default 100000). */
  readonly maxEntriesPerCheckpoint?: number;
  /** Where the development-key warning goes (default console.warn). */
  readonly warn?: (message: string) => void;
}

export const DEFAULT_CHECKPOINT_EVERY_ENTRIES = 1000;
export const DEFAULT_CHECKPOINT_PERIOD_MS = 600_000;

export interface LedgerPublicKey {
  readonly keyId: string;
  readonly algorithm: 'Ed25519';
  readonly publicKeyPem: string;
  readonly origin: 'CONFIGURED' | 'GENERATED_DEVELOPMENT_KEY';
}

/** One chain that does not recompute, named by its first entry that does not match. */
export interface ChainProblem {
  readonly chainId: string;
  readonly topic: string;
  readonly source: string;
  readonly partition: number;
  readonly chainIndex: number;
  /** Undefined when the problem is an entry that is missing at the chain's end. */
  readonly offset?: string;
  readonly eventId?: string;
  readonly problem: string;
  readonly detail: string;
}

export interface CheckpointProblem {
  readonly sequence: number;
  readonly problem:
    'ROOT_MISMATCH' | 'SIGNATURE_INVALID' | 'UNKNOWN_KEY' | 'PREVIOUS_MISMATCH' | 'LEAVES_MISMATCH';
  readonly detail: string;
}

export interface LedgerVerification {
  readonly valid: boolean;
  readonly chains: number;
  readonly entries: number;
  readonly checkpoints: number;
  /** Entries no checkpoint covers yet (their chains are checked, no signature covers them). */
  readonly uncheckpointedEntries: number;
  readonly chainProblems: readonly ChainProblem[];
  readonly checkpointProblems: readonly CheckpointProblem[];
}

export type EventProof =
  | { readonly status: 'PROVEN'; readonly proof: LedgerProof }
  | { readonly status: 'PENDING'; readonly entry: LedgerEntryRow };

const PAGE = 2000;

/**
 * The tamper-evident ledger's use cases: signed checkpoints (on demand and when due), the public
 * key, verification of every chain and checkpoint from the stored bytes, and proofs.
 */
export class LedgerApplication {
  private readonly store = new LedgerStore();
  private signingKey?: Promise<{ key: SigningKey; origin: LedgerPublicKey['origin'] }>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: LedgerSettings = {},
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** The key checkpoints are signed with now. */
  async publicKey(): Promise<LedgerPublicKey> {
    const { key, origin } = await this.currentKey();
    return { keyId: key.keyId, algorithm: 'Ed25519', publicKeyPem: publicKeyPem(key.publicKey), origin };
  }

  /** Every key a checkpoint was ever signed with (a configured key that was replaced stays listed). */
  async publicKeys(): Promise<LedgerPublicKey[]> {
    await this.currentKey();
    return (await this.store.signingKeys(this.dataSource)).map((key) => ({
      keyId: key.keyId,
      algorithm: 'Ed25519',
      publicKeyPem: key.publicKeyPem,
      origin: key.origin,
    }));
  }

  /**
   * A detached Ed25519 signature (base64) over some bytes, with the key checkpoints are signed with
   * now: how an evidence pack's manifest is signed.
   */
  async signDetached(bytes: Uint8Array): Promise<{ keyId: string; publicKeyPem: string; signature: string }> {
    const { key } = await this.currentKey();
    return {
      keyId: key.keyId,
      publicKeyPem: publicKeyPem(key.publicKey),
      signature: sign(null, bytes, key.privateKey).toString('base64'),
    };
  }

  async checkpoints(last?: number): Promise<StoredCheckpoint[]> {
    return this.store.checkpoints(this.dataSource, last === undefined ? {} : { last });
  }

  /** A checkpoint over every entry not covered yet; undefined when there is none. */
  async checkpoint(
    reason: 'ON_DEMAND' | 'ENTRIES' | 'PERIOD',
    requestedBy?: string,
  ): Promise<StoredCheckpoint | undefined> {
    const { key } = await this.currentKey();
    return inTransaction(this.dataSource, (manager) =>
      this.store.checkpoint(manager, {
        keyId: key.keyId,
        sign: (statement) => signCheckpoint(statement, key.privateKey),
        reason,
        requestedBy,
        now: this.clock(),
        maxEntries: this.settings.maxEntriesPerCheckpoint ?? 100_000,
      }),
    );
  }

  /**
   * A checkpoint over every entry not covered yet, inside the caller's transaction (so it covers
   * what that transaction appended): how a frozen statement names the checkpoint behind its events.
   * Undefined when every entry is covered already.
   */
  async checkpointWithin(
    manager: EntityManager,
    reason: 'STATEMENT' | 'ON_DEMAND',
  ): Promise<StoredCheckpoint | undefined> {
    const { key } = await this.keyWithin(manager);
    return this.store.checkpoint(manager, {
      keyId: key.keyId,
      sign: (statement) => signCheckpoint(statement, key.privateKey),
      reason,
      now: this.clock(),
      maxEntries: this.settings.maxEntriesPerCheckpoint ?? 100_000,
    });
  }

  /** The newest checkpoint (the one that covers the latest covered entries); undefined before the first. */
  async latestCheckpointWithin(manager: EntityManager): Promise<StoredCheckpoint | undefined> {
    const [last] = await this.store.checkpoints(manager, { last: 1 });
    return last;
  }

  /** Makes a checkpoint if enough entries wait, or the oldest has waited long enough. */
  async checkpointIfDue(): Promise<StoredCheckpoint | undefined> {
    const pending = await this.store.pending(this.dataSource);
    if (pending.entries === 0) return undefined;
    if (pending.entries >= (this.settings.checkpointEveryEntries ?? DEFAULT_CHECKPOINT_EVERY_ENTRIES)) {
      return this.checkpoint('ENTRIES');
    }
    const age = this.clock().getTime() - (pending.oldest?.getTime() ?? Infinity);
    if (age >= (this.settings.checkpointPeriodMs ?? DEFAULT_CHECKPOINT_PERIOD_MS))
      return this.checkpoint('PERIOD');
    return undefined;
  }

  /** Polls every `pollMs` and checkpoints when due; the returned function stops it (after a running checkpoint). */
  startCheckpoints(pollMs = 5000, onError: (error: unknown) => void = () => undefined): () => Promise<void> {
    let running: Promise<unknown> = Promise.resolve();
    const timer = setInterval(() => {
      running = running.then(() => this.checkpointIfDue().catch(onError));
    }, pollMs);
    timer.unref();
    return async () => {
      clearInterval(timer);
      await running;
    };
  }

  /**
   * Recomputes every chain from the stored event bytes and every checkpoint's root from the
   * recomputed entry hashes, and checks each checkpoint's signature and its link to the previous.
   */
  async verify(): Promise<LedgerVerification> {
    const chainProblems: ChainProblem[] = [];
    const leaves = new Map<number, { leafIndex: number; hash: Buffer }[]>();
    let entries = 0;
    let uncheckpointed = 0;
    for (const chain of await this.store.chains(this.dataSource)) {
      const verifier = new ChainVerifier();
      let last: LedgerEntryRow | undefined;
      for (let from = 0; ;) {
        const page = await this.store.chainEntries(this.dataSource, chain.chainId, from, PAGE);
        for (const entry of page) {
          const hash = verifier.next(entry);
          if (entry.checkpointSequence === undefined) uncheckpointed += 1;
          else {
            const list = leaves.get(entry.checkpointSequence) ?? [];
            list.push({ leafIndex: entry.leafIndex ?? -1, hash });
            leaves.set(entry.checkpointSequence, list);
          }
          last = entry;
        }
        if (page.length < PAGE) break;
        from = (page.at(-1) as LedgerEntryRow).chainIndex + 1;
      }
      entries += verifier.entries;
      const mismatch = verifier.mismatch;
      const [topic = chain.chainId, source = '', partition = '0'] = splitChainId(chain.chainId, last);
      if (mismatch) {
        chainProblems.push({
          chainId: chain.chainId,
          topic,
          source,
          partition: Number(partition),
          chainIndex: mismatch.entry.chainIndex,
          offset: mismatch.entry.offset,
          eventId: mismatch.entry.eventId,
          problem: mismatch.problem,
          detail: mismatch.detail,
        });
      } else if (verifier.entries !== chain.length || !verifier.head.equals(chain.headHash)) {
        chainProblems.push({
          chainId: chain.chainId,
          topic,
          source,
          partition: Number(partition),
          chainIndex: verifier.entries,
          problem: 'CHAIN_HEAD_MISMATCH',
          detail: `the chain holds ${verifier.entries} entries ending in ${toHex(verifier.head)}, its head records ${chain.length} ending in ${toHex(chain.headHash)}`,
        });
      }
    }

    const keys = new Map<string, KeyObject>();
    for (const key of await this.store.signingKeys(this.dataSource))
      keys.set(key.keyId, publicKeyFrom(key.publicKeyPem));
    const checkpointProblems: CheckpointProblem[] = [];
    const checkpoints = await this.store.checkpoints(this.dataSource);
    let previous = toHex(GENESIS_HASH);
    for (const checkpoint of checkpoints) {
      const problem = (kind: CheckpointProblem['problem'], detail: string) =>
        checkpointProblems.push({ sequence: checkpoint.sequence, problem: kind, detail });
      const covered = (leaves.get(checkpoint.sequence) ?? []).sort((a, b) => a.leafIndex - b.leafIndex);
      if (covered.length !== checkpoint.treeSize || covered.some((leaf, i) => leaf.leafIndex !== i)) {
        problem(
          'LEAVES_MISMATCH',
          `signed over ${checkpoint.treeSize} entries, ${covered.length} are stored with it`,
        );
      } else {
        const root = toHex(merkleRoot(covered.map((leaf) => leaf.hash)));
        if (root !== checkpoint.root) {
          problem(
            'ROOT_MISMATCH',
            `the entries recompute to root ${root}, the checkpoint signed ${checkpoint.root}`,
          );
        }
      }
      const key = keys.get(checkpoint.keyId);
      if (!key) problem('UNKNOWN_KEY', `no public key ${checkpoint.keyId} is known`);
      else if (!checkpointSignatureValid(checkpoint, key)) {
        problem('SIGNATURE_INVALID', `the signature does not verify with key ${checkpoint.keyId}`);
      }
      if (checkpoint.previous !== previous) {
        problem(
          'PREVIOUS_MISMATCH',
          `names previous ${checkpoint.previous}, the previous checkpoint hashes to ${previous}`,
        );
      }
      previous = checkpointHash(checkpoint);
    }
    return {
      valid: chainProblems.length === 0 && checkpointProblems.length === 0,
      chains: (await this.store.chains(this.dataSource)).length,
      entries,
      checkpoints: checkpoints.length,
      uncheckpointedEntries: uncheckpointed,
      chainProblems,
      checkpointProblems,
    };
  }

  /** The proof of one event, PENDING until a checkpoint covers it; undefined for an event the ledger does not hold. */
  async proofOfEvent(eventId: string): Promise<EventProof | undefined> {
    const [entry] = await this.store.entriesByEventIds(this.dataSource, [eventId]);
    if (!entry) return undefined;
    const [result] = await this.proofsOf([entry]);
    return result;
  }

  /**
   * Proofs of every event of the lots and runs behind a lot (the lot, the runs that produced it
   * and their input lots, up to the source lots), in the order the ledger appended them.
   */
  async proofsBehindLot(lotId: string): Promise<LedgerProofBundle> {
    const genealogy = await new GenealogyStore().upstreamOf(this.dataSource, lotId);
    if (!genealogy.lot(lotId)) {
      throw new TraceabilityError({
        code: 'UNKNOWN_LOT',
        field: 'lotId',
        value: lotId,
        rule: 'must be a lot the traceability service knows',
      });
    }
    const subjects = new Set<string>();
    const pending = [lotId];
    while (pending.length > 0) {
      const id = pending.pop() as string;
      if (subjects.has(id)) continue;
      subjects.add(id);
      const runId = genealogy.lot(id)?.producedByRunId;
      if (runId === undefined || subjects.has(runId)) continue;
      subjects.add(runId);
      for (const input of genealogy.run(runId)?.inputs ?? []) pending.push(input.lotId);
    }
    const entries = await this.store.entriesBySubjects(this.dataSource, [...subjects]);
    const results = await this.proofsOf(entries);
    return {
      format: PROOF_BUNDLE_FORMAT,
      subject: lotId,
      proofs: results.flatMap((result) => (result.status === 'PROVEN' ? [result.proof] : [])),
      pendingEventIds: results.flatMap((result) =>
        result.status === 'PENDING' ? [result.entry.eventId] : [],
      ),
    };
  }

  private async proofsOf(entries: readonly LedgerEntryRow[]): Promise<EventProof[]> {
    const sequences = [
      ...new Set(
        entries.flatMap((entry) =>
          entry.checkpointSequence === undefined ? [] : [entry.checkpointSequence],
        ),
      ),
    ];
    const checkpoints = new Map(
      (await this.store.checkpoints(this.dataSource, { sequences })).map((checkpoint) => [
        checkpoint.sequence,
        checkpoint,
      ]),
    );
    const leaves = new Map<number, Buffer[]>();
    for (const sequence of sequences)
      leaves.set(sequence, await this.store.leavesOf(this.dataSource, sequence));
    return entries.map((entry): EventProof => {
      const checkpoint =
        entry.checkpointSequence === undefined ? undefined : checkpoints.get(entry.checkpointSequence);
      if (!checkpoint || entry.leafIndex === undefined) return { status: 'PENDING', entry };
      const { reason: _reason, requestedBy: _requestedBy, createdAt: _createdAt, ...signed } = checkpoint;
      return {
        status: 'PROVEN',
        proof: {
          format: PROOF_FORMAT,
          event: {
            eventId: entry.eventId,
            topic: entry.topic,
            source: entry.source,
            partition: entry.partition,
            offset: entry.offset,
            chainId: entry.chainId,
            chainIndex: entry.chainIndex,
            bytes: entry.eventBytes.toString('base64'),
            bytesSha256: toHex(entry.eventHash),
            previousEntryHash: toHex(entry.previousHash),
            entryHash: toHex(entry.entryHash),
          },
          inclusion: {
            leafIndex: entry.leafIndex,
            treeSize: checkpoint.treeSize,
            path: inclusionPath(leaves.get(checkpoint.sequence) ?? [], entry.leafIndex).map(toHex),
          },
          checkpoint: signed,
        },
      };
    });
  }

  private currentKey(): Promise<{ key: SigningKey; origin: LedgerPublicKey['origin'] }> {
    this.signingKey ??= this.resolveKey().catch((error: unknown) => {
      this.signingKey = undefined;
      throw error;
    });
    return this.signingKey;
  }

  private resolveKey(): Promise<{ key: SigningKey; origin: LedgerPublicKey['origin'] }> {
    return inTransaction(this.dataSource, (manager) => this.keyWithin(manager));
  }

  /**
   * The signing key, resolved in the caller's transaction and not cached: a development key
   * generated there exists only if that transaction commits.
   */
  private async keyWithin(
    manager: EntityManager,
  ): Promise<{ key: SigningKey; origin: LedgerPublicKey['origin'] }> {
    const now = this.clock();
    if (this.settings.signingKey !== undefined && this.settings.signingKey.trim() !== '') {
      const key = signingKeyFrom(this.settings.signingKey);
      await this.store.rememberSigningKey(
        manager,
        { keyId: key.keyId, publicKeyPem: publicKeyPem(key.publicKey), origin: 'CONFIGURED' },
        now,
      );
      return { key, origin: 'CONFIGURED' };
    }
    await this.store.lockSigningKeys(manager);
    const stored = (await this.store.signingKeys(manager)).find(
      (key) => key.origin === 'GENERATED_DEVELOPMENT_KEY' && key.privateKeyPem !== undefined,
    );
    if (stored)
      return {
        key: signingKeyFrom(stored.privateKeyPem as string),
        origin: 'GENERATED_DEVELOPMENT_KEY' as const,
      };
    const key = generateSigningKey();
    await this.store.rememberSigningKey(
      manager,
      {
        keyId: key.keyId,
        publicKeyPem: publicKeyPem(key.publicKey),
        privateKeyPem: privateKeyPem(key.privateKey),
        origin: 'GENERATED_DEVELOPMENT_KEY',
      },
      now,
    );
    (this.settings.warn ?? console.warn)(
      `traceability ledger: no signing key configured, generated DEVELOPMENT key ${key.keyId} and stored it in the database; checkpoints signed with it prove nothing to an outside auditor`,
    );
    return { key, origin: 'GENERATED_DEVELOPMENT_KEY' as const };
  }
}

/** `<topic>:<source>:<partition>` back into its parts (read from the chain's entries when there are any). */
function splitChainId(chainId: string, entry: LedgerEntryRow | undefined): [string, string, string] {
  if (entry && chainIdOf(entry.topic, entry.source, entry.partition) === chainId) {
    return [entry.topic, entry.source, String(entry.partition)];
  }
  const parts = chainId.split(':');
  return [parts[0] ?? chainId, parts[1] ?? '', parts[2] ?? '0'];
}
