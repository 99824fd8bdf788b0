// Maps the `@rre/*` import paths of tsconfig.base.json onto the compiled output in dist/out-tsc, so
// that `node` runs what `tsc -b tsconfig.build.json` produced without a bundler.
const Module = require('node:module');
const path = require('node:path');
const fs = require('node:fs');

const root = path.resolve(__dirname, '..', '..');
const outDir = path.join(root, 'dist', 'out-tsc');
const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8'));
const aliases = new Map(
  Object.entries(compilerOptions.paths ?? {}).map(([alias, [target]]) => [
    alias,
    path.join(outDir, target.replace(/\.ts$/, '.js')),
  ]),
);

const resolve = Module._resolveFilename;
Module._resolveFilename = function resolveAlias(request, ...rest) {
  const target = aliases.get(request);
  return resolve.call(this, target ?? request, ...rest);
};
