// Runs a compiled entry point of dist/out-tsc with the workspace's import aliases registered.
// Usage: node tools/scripts/run.mjs services/platform/src/main.js [args...]
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
require('../runtime/register-aliases.cjs');
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node tools/scripts/run.mjs <compiled entry relative to dist/out-tsc> [args...]');
  process.exit(2);
}
process.argv = [process.argv[0], entry, ...args];
require(path.join(root, 'dist', 'out-tsc', entry));
