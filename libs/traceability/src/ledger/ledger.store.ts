import {
  chainIdOf,
  checkpointHash,
  type CheckpointStatement,
  entryHash,
  GENESIS_HASH,
  merkleRoot,
  sha256,
  type SignedCheckpoint,
  toHex,
} from '@rre/ledger';
import { serviceSchema } from '@rre/persistence';
import type { DataSource, EntityManager } from 'typeorm';

/** An event to append: where it was read, and its canonical bytes. */
export interface LedgerAppend {
  readonly topic: string;
  readonly source: string;
  readonly partition: number;
  readonly position: string;
  readonly eventId: string;
  readonly subject: string;
  readonly eventBytes: Buffer;
  readonly at: Date;
}

export interface LedgerEntryRow {
  readonly id: string;
  readonly chainId: string;
  readonly chainIndex: number;
  readonly topic: string;
  readonly source: string;
  readonly partition: number;
  readonly offset: string;
  readonly eventId: string;
  readonly subject: string;
  readonly eventBytes: Buffer;
  readonly eventHash: Buffer;
  readonly previousHash: Buffer;
  readonly entryHash: Buffer;
  readonly checkpointSequence?: number;
  readonly leafIndex?: number;
}

export interface StoredCheckpoint extends SignedCheckpoint {
  readonly reason: string;
  readonly requestedBy?: string;
  readonly createdAt: Date;
}

export interface StoredSigningKey {
  readonly keyId: string;
  readonly publicKeyPem: string;
  readonly privateKeyPem?: string;
  readonly origin: 'CONFIGURED' | 'GENERATED_DEVELOPMENT_KEY';
}

type Queryable = DataSource | EntityManager;

const ENTRY_COLUMNS = `id::text AS id, chain_id, chain_index::integer AS chain_index, topic, source, partition,
  position::text AS position, event_id, subject, event_bytes, event_hash, previous_hash, entry_hash,
  checkpoint_sequence::integer AS checkpoint_sequence, leaf_index`;

interface EntryRecord {
  id: string;
  chain_id: string;
  chain_index: number;
  topic: string;
  source: string;
  partition: number;
  position: string;
  event_id: string;
  subject: string;
  event_bytes: Uint8Array;
  event_hash: Uint8Array;
  previous_hash: Uint8Array;
  entry_hash: Uint8Array;
  checkpoint_sequence: number | null;
  leaf_index: number | null;
}

/** The ledger's tables: hash chains of the ingested events, checkpoints, signing keys. */
export class LedgerStore {
  /**
   * Appends an event to its chain (one per topic, source and partition) in the caller's
   * transaction. The chain's row is locked for the rest of that transaction, so two writers of one
   * chain cannot fork it. An event id the ledger holds already appends nothing (false).
   */
  async append(manager: EntityManager, event: LedgerAppend): Promise<boolean> {
    const s = serviceSchema(manager);
    const chainId = chainIdOf(event.topic, event.source, event.partition);
    const [head] = (await manager.query(
      `INSERT INTO "${s}".ledger_chain AS c (chain_id, length, head_hash) VALUES ($1, 0, $2)
       ON CONFLICT (chain_id) DO UPDATE SET length = c.length
       RETURNING length::integer AS length, head_hash`,
      [chainId, GENESIS_HASH],
    )) as { length: number; head_hash: Uint8Array }[];
    const previous = Buffer.from(head?.head_hash ?? GENESIS_HASH);
    const chainIndex = head?.length ?? 0;
    const eventHash = sha256(event.eventBytes);
    const hash = entryHash(previous, eventHash, {
      chainId,
      chainIndex,
      offset: event.position,
      eventId: event.eventId,
    });
    const appended = (await manager.query(
      `WITH entry AS (
         INSERT INTO "${s}".ledger_entry (chain_id, chain_index, topic, source, partition, position, event_id,
           subject, event_bytes, event_hash, previous_hash, entry_hash, appended_at)
         VALUES ($1, $2, $3, $4, $5, $6::numeric, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (event_id) DO NOTHING
         RETURNING chain_index)
       UPDATE "${s}".ledger_chain SET length = length + 1, head_hash = $12
       WHERE chain_id = $1 AND EXISTS (SELECT 1 FROM entry)
       RETURNING chain_id`,
      [
        chainId,
        chainIndex,
        event.topic,
        event.source,
        event.partition,
        event.position,
        event.eventId,
        event.subject,
        event.eventBytes,
        eventHash,
        previous,
        hash,
        event.at,
      ],
    )) as unknown[];
    return appended.length > 0;
  }

  async chains(source: Queryable): Promise<{ chainId: string; length: number; headHash: Buffer }[]> {
    const rows = (await source.query(
      `SELECT chain_id, length::integer AS length, head_hash FROM "${serviceSchema(source)}".ledger_chain ORDER BY chain_id`,
    )) as { chain_id: string; length: number; head_hash: Uint8Array }[];
    return rows.map((row) => ({
      chainId: row.chain_id,
      length: row.length,
      headHash: Buffer.from(row.head_hash),
    }));
  }

  /** One page of a chain's entries in chain order, from chain index `from`. */
  async chainEntries(
    source: Queryable,
    chainId: string,
    from: number,
    limit: number,
  ): Promise<LedgerEntryRow[]> {
    const rows = (await source.query(
      `SELECT ${ENTRY_COLUMNS} FROM "${serviceSchema(source)}".ledger_entry
       WHERE chain_id = $1 AND chain_index >= $2 ORDER BY chain_index LIMIT $3`,
      [chainId, from, limit],
    )) as EntryRecord[];
    return rows.map(entryOf);
  }

  async entriesByEventIds(source: Queryable, eventIds: readonly string[]): Promise<LedgerEntryRow[]> {
    const rows = (await source.query(
      `SELECT ${ENTRY_COLUMNS} FROM "${serviceSchema(source)}".ledger_entry WHERE event_id = ANY($1::text[]) ORDER BY id`,
      [eventIds],
    )) as EntryRecord[];
    return rows.map(entryOf);
  }

  async entriesBySubjects(source: Queryable, subjects: readonly string[]): Promise<LedgerEntryRow[]> {
    const rows = (await source.query(
      `SELECT ${ENTRY_COLUMNS} FROM "${serviceSchema(source)}".ledger_entry WHERE subject = ANY($1::text[]) ORDER BY id`,
      [subjects],
    )) as EntryRecord[];
    return rows.map(entryOf);
  }

  /** The stored entry hashes of a checkpoint's leaves, in leaf order. */
  async leavesOf(source: Queryable, sequence: number): Promise<Buffer[]> {
    const rows = (await source.query(
      `SELECT entry_hash FROM "${serviceSchema(source)}".ledger_entry WHERE checkpoint_sequence = $1 ORDER BY leaf_index`,
      [sequence],
    )) as { entry_hash: Uint8Array }[];
    return rows.map((row) => Buffer.from(row.entry_hash));
  }

  /** Entries not covered by a checkpoint yet: how many, and when the oldest was appended. */
  async pending(source: Queryable): Promise<{ entries: number; oldest?: Date }> {
    const [row] = (await source.query(
      `SELECT count(*)::integer AS entries, min(appended_at) AS oldest
       FROM "${serviceSchema(source)}".ledger_entry WHERE checkpoint_sequence IS NULL`,
    )) as { entries: number; oldest: Date | null }[];
    return { entries: row?.entries ?? 0, oldest: row?.oldest ? new Date(row.oldest) : undefined };
  }

  /**
   * Makes the next checkpoint over every entry no checkpoint covers yet (in id order, at most
   * `maxEntries`), signed by `sign`; undefined when there is none. Entries of transactions that
   * commit later are not visible yet and fall into the next checkpoint: none is ever skipped.
   * Checkpoints are serialized by a transaction-level advisory lock.
   */
  async checkpoint(
    manager: EntityManager,
    request: {
      keyId: string;
      sign: (statement: CheckpointStatement) => SignedCheckpoint;
      reason: string;
      requestedBy?: string;
      now: Date;
      maxEntries: number;
    },
  ): Promise<StoredCheckpoint | undefined> {
    const s = serviceSchema(manager);
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${s}.ledger_checkpoint`]);
    const pending = (await manager.query(
      `SELECT id::text AS id, entry_hash, appended_at FROM "${s}".ledger_entry
       WHERE checkpoint_sequence IS NULL ORDER BY id LIMIT $1`,
      [request.maxEntries],
    )) as { id: string; entry_hash: Uint8Array; appended_at: Date }[];
    if (pending.length === 0) return undefined;
    const [last] = await this.checkpoints(manager, { last: 1 });
    const statement: CheckpointStatement = {
      sequence: (last?.sequence ?? 0) + 1,
      treeSize: pending.length,
      root: toHex(merkleRoot(pending.map((row) => row.entry_hash))),
      periodStart: new Date((pending[0] as (typeof pending)[number]).appended_at).toISOString(),
      periodEnd: new Date((pending.at(-1) as (typeof pending)[number]).appended_at).toISOString(),
      previous: last ? checkpointHash(last) : toHex(GENESIS_HASH),
      keyId: request.keyId,
    };
    const signed = request.sign(statement);
    await manager.query(
      `INSERT INTO "${s}".ledger_checkpoint (sequence, tree_size, root, period_start, period_end, previous, key_id,
         signature, reason, requested_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        signed.sequence,
        signed.treeSize,
        Buffer.from(signed.root, 'hex'),
        signed.periodStart,
        signed.periodEnd,
        signed.previous,
        signed.keyId,
        signed.signature,
        request.reason,
        request.requestedBy ?? null,
        request.now,
      ],
    );
    await manager.query(
      `UPDATE "${s}".ledger_entry e SET checkpoint_sequence = $1, leaf_index = leaf.index - 1
       FROM unnest($2::bigint[]) WITH ORDINALITY AS leaf(id, index) WHERE e.id = leaf.id`,
      [signed.sequence, pending.map((row) => row.id)],
    );
    return { ...signed, reason: request.reason, requestedBy: request.requestedBy, createdAt: request.now };
  }

  /** Checkpoints in sequence order: every one, or the last `last`, or those given. */
  async checkpoints(
    source: Queryable,
    select: { last?: number; sequences?: readonly number[] } = {},
  ): Promise<StoredCheckpoint[]> {
    const s = serviceSchema(source);
    const columns = `sequence::integer AS sequence, tree_size, root, period_start, period_end, previous, key_id,
      signature, reason, requested_by, created_at`;
    const rows = (await (select.last !== undefined
      ? source.query(
          `SELECT * FROM (SELECT ${columns} FROM "${s}".ledger_checkpoint ORDER BY sequence DESC LIMIT $1) c ORDER BY sequence`,
          [select.last],
        )
      : select.sequences !== undefined
        ? source.query(
            `SELECT ${columns} FROM "${s}".ledger_checkpoint WHERE sequence = ANY($1::bigint[]) ORDER BY sequence`,
            [select.sequences],
          )
        : source.query(`SELECT ${columns} FROM "${s}".ledger_checkpoint ORDER BY sequence`))) as {
      sequence: number;
      tree_size: number;
      root: Uint8Array;
      period_start: string;
      period_end: string;
      previous: string;
      key_id: string;
      signature: string;
      reason: string;
      requested_by: string | null;
      created_at: Date;
    }[];
    return rows.map((row) => ({
      sequence: row.sequence,
      treeSize: row.tree_size,
      root: toHex(row.root),
      periodStart: row.period_start,
      periodEnd: row.period_end,
      previous: row.previous,
      keyId: row.key_id,
      signature: row.signature,
      reason: row.reason,
      requestedBy: row.requested_by ?? undefined,
      createdAt: new Date(row.created_at),
    }));
  }

  async signingKeys(source: Queryable): Promise<StoredSigningKey[]> {
    const rows = (await source.query(
      `SELECT key_id, public_key_pem, private_key_pem, origin FROM "${serviceSchema(source)}".ledger_signing_key
       ORDER BY first_used_at, key_id`,
    )) as {
      key_id: string;
      public_key_pem: string;
      private_key_pem: string | null;
      origin: StoredSigningKey['origin'];
    }[];
    return rows.map((row) => ({
      keyId: row.key_id,
      publicKeyPem: row.public_key_pem,
      privateKeyPem: row.private_key_pem ?? undefined,
      origin: row.origin,
    }));
  }

  /** Serializes the choice of a development key between processes, for the rest of the transaction. */
  async lockSigningKeys(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
      `${serviceSchema(manager)}.ledger_signing_key`,
    ]);
  }

  /** Records a signing key (its private half only for the development key); a known key id is kept as it is. */
  async rememberSigningKey(manager: EntityManager, key: StoredSigningKey, now: Date): Promise<void> {
    await manager.query(
      `INSERT INTO "${serviceSchema(manager)}".ledger_signing_key (key_id, public_key_pem, private_key_pem, origin, first_used_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (key_id) DO NOTHING`,
      [key.keyId, key.publicKeyPem, key.privateKeyPem ?? null, key.origin, now],
    );
  }
}

function entryOf(row: EntryRecord): LedgerEntryRow {
  return {
    id: row.id,
    chainId: row.chain_id,
    chainIndex: row.chain_index,
    topic: row.topic,
    source: row.source,
    partition: row.partition,
    offset: row.position,
    eventId: row.event_id,
    subject: row.subject,
    eventBytes: Buffer.from(row.event_bytes),
    eventHash: Buffer.from(row.event_hash),
    previousHash: Buffer.from(row.previous_hash),
    entryHash: Buffer.from(row.entry_hash),
    checkpointSequence: row.checkpoint_sequence ?? undefined,
    leafIndex: row.leaf_index ?? undefined,
  };
}
