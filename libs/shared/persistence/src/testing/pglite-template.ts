import { mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { EmbeddedPostgres } from '../embedded-postgres';

/**
 * Puts a freshly initialised, empty PGlite cluster into `dataDir` (which must be empty or missing),
 * so that opening PGlite there skips initdb: initdb in WebAssembly costs seconds of CPU, a copy of
 * its result a fraction of that, and integration tests open a new PGlite in every file. The cluster
 * is made once per PGlite version and machine, in `<tmpdir>/rre-pglite-template/<version>`, and
 * published with an atomic rename, so that test processes running at the same time never see half
 * of it. For tests only: every copy has the template's system identifier.
 */
export async function seedPgliteDataDir(dataDir: string): Promise<void> {
  if (existsSync(dataDir) && (await readdir(dataDir)).length > 0) {
    throw new Error(`seedPgliteDataDir: ${dataDir} is not empty`);
  }
  const template = await pgliteTemplate();
  // Synchronous: copying the template's thousand small files with fs.promises.cp takes several times
  // as long, and test files open a database each.
  cpSync(template, dataDir, { recursive: true });
}

async function pgliteTemplate(): Promise<string> {
  const template = join(tmpdir(), 'rre-pglite-template', pgliteVersion());
  if (existsSync(join(template, 'PG_VERSION'))) return template;
  await mkdir(dirname(template), { recursive: true });
  const building = await mkdtemp(`${template}.building-`);
  try {
    const cluster = join(building, 'cluster');
    const embedded = await EmbeddedPostgres.start({ dataDir: cluster, maxConnections: 1 });
    await embedded.stop();
    await rename(cluster, template).catch((error: NodeJS.ErrnoException) => {
      // Another process published it first: use theirs.
      if (!existsSync(join(template, 'PG_VERSION'))) throw error;
    });
  } finally {
    await rm(building, { recursive: true, force: true });
  }
  return template;
}

/** The installed PGlite's version (its package.json is not among the package's exports). */
function pgliteVersion(): string {
  for (let dir = dirname(require.resolve('@electric-sql/pglite')); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as {
      name?: string;
      version: string;
    };
    if (name === '@electric-sql/pglite') return version;
  }
  throw new Error('seedPgliteDataDir: cannot find the package.json of @electric-sql/pglite');
}
