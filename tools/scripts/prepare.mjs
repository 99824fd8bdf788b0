// Runs after `npm ci`/`npm install`: compiles the workspace once so that `npm start` starts at once.
// Skipped where the TypeScript compiler is absent (a production install without dev dependencies).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('node_modules/typescript/bin/tsc')) process.exit(0);
const result = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-b', 'tsconfig.build.json'], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
