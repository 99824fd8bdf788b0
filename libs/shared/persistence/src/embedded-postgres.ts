import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock';
import { PGliteMessageQueue } from './pglite-message-queue';

export interface EmbeddedPostgresOptions {
  /** Where PGlite keeps its files; created if missing. */
  dataDir: string;
  /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /**
   * Client connections served at once: at least the sum of the pool sizes of every data source
   * that connects. A connection beyond it is reset, not queued.
   */
  maxConnections: number;
}

/**
 * PGlite (PostgreSQL in WebAssembly) persisted in a data directory and served over the PostgreSQL
 * wire protocol on 127.0.0.1, so that the ordinary `pg` driver connects to `url` exactly as it does
 * to a server. PGlite is a single backend: transactions run one at a time, and session settings
 * (SET, search_path) are shared by all connections.
 */
export class EmbeddedPostgres {
  private stopping: Promise<void> | undefined;

  private constructor(
    readonly url: string,
    readonly port: number,
    readonly dataDir: string,
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    private readonly queue: PGliteMessageQueue,
    private readonly lock: DataDirLock,
  ) {}

  static async start(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
    const { port = 0, maxConnections } = options;
    if (!Number.isInteger(maxConnections) || maxConnections < 1) {
      throw new Error(`EmbeddedPostgres: maxConnections must be a positive integer, got ${maxConnections}`);
    }
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new Error(`EmbeddedPostgres: port must be an integer from 0 to 65535, got ${port}`);
    }
    const dataDir = resolve(options.dataDir);
    mkdirSync(dataDir, { recursive: true });
    const lock = acquireDataDirLock(dataDir);
    let db: PGlite | undefined;
    try {
      db = await openPGlite(dataDir);
      const queue = new PGliteMessageQueue(db);
      const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections });
      installQueue(server, queue);
      await server.start();
      const boundPort = Number(server.getServerConn().split(':').pop());
      const url = `postgres://postgres@127.0.0.1:${boundPort}/postgres`;
      return new EmbeddedPostgres(url, boundPort, dataDir, db, server, queue, lock);
    } catch (error) {
      await db?.close().catch(() => undefined);
      lock.release();
      throw error;
    }
  }

  /**
   * Disconnects every client (rolling back open transactions), closes PGlite so that its files are
   * consistent, and releases the data directory. Close your data sources first. Idempotent.
   */
  stop(): Promise<void> {
    this.stopping ??= this.shutDown();
    return this.stopping;
  }

  private async shutDown(): Promise<void> {
    try {
      await this.server.stop();
      await this.queue.whenIdle();
      await this.db.close();
    } finally {
      this.lock.release();
    }
  }
}

async function openPGlite(dataDir: string): Promise<PGlite> {
  try {
    return await PGlite.create({ dataDir });
  } catch (error) {
    // PGlite loads parts of itself with import(), which Jest's module sandbox refuses by default.
    if ((error as { code?: unknown }).code === 'ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG') {
      throw new Error(
        'PGlite cannot start inside Jest unless Node runs with --experimental-vm-modules ' +
          '(e.g. node --experimental-vm-modules node_modules/jest/bin/jest.js ...)',
        { cause: error },
      );
    }
    throw error;
  }
}

function installQueue(server: PGLiteSocketServer, queue: PGliteMessageQueue): void {
  const internals = server as unknown as { queryQueue?: { enqueue?: unknown } };
  if (typeof internals.queryQueue?.enqueue !== 'function') {
    throw new Error(
      'EmbeddedPostgres: this @electric-sql/pglite-socket has no replaceable queryQueue; ' +
        'check PGliteMessageQueue against the installed version',
    );
  }
  internals.queryQueue = queue as unknown as { enqueue: unknown };
}
