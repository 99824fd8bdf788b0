import 'reflect-metadata';
import {
  checkSupergraphArtefacts,
  composePlatformSupergraph,
  supergraphArtefacts,
  writeSupergraphArtefacts,
} from './supergraph';

// `npx nx run platform:supergraph` (writes schema/), `... -- --check` (fails when stale or breaking).
async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const artefacts = supergraphArtefacts(await composePlatformSupergraph());
  const { stale, violations } = checkSupergraphArtefacts(artefacts);
  if (violations.length > 0) {
    console.error(
      `The API schema breaks the deprecation policy:\n${violations.map((v) => `  - ${v}`).join('\n')}`,
    );
    process.exit(1);
  }
  if (check) {
    if (stale.length > 0) {
      console.error(
        `Stale (run npx nx run platform:supergraph and commit):\n${stale.map((s) => `  - ${s}`).join('\n')}`,
      );
      process.exit(1);
    }
    console.log('schema/: the supergraph is what the subgraphs compose to.');
    return;
  }
  writeSupergraphArtefacts(artefacts);
  console.log(stale.length > 0 ? `Wrote ${stale.join(', ')}` : 'schema/ was up to date.');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
