#!/usr/bin/env node
// `npm test`: the whole suite, as CI runs it.
//   1. static checks: format, lint (module boundaries), generated contracts up to date, buf lint and
//      breaking changes, type check, build
//   2. unit tests of every project
//   3. integration tests twice: on embedded PGlite and on the real PostgreSQL server
//   4. Kafka tests against a real broker (KAFKA_BROKERS, or infra/kafka started here and stopped after)
//   5. document-store tests against a real S3-compatible server (S3_TEST_ENDPOINT, or infra/s3 likewise)
// After the build, the tests run in three lanes side by side: unit tests; PGlite then S3; Kafka.
// The integration tests (PGlite and PostgreSQL) are queues of projects that every lane takes from
// when done with its own stages, so that the lanes end together. The machine's cores stay busy that
// way: PGlite runs in the Jest process, the PostgreSQL tests load the server as much as Jest, and
// the Kafka tests mostly wait on the broker. The stages share nothing: PGlite listens on a port of
// its own in each test file, and the others use their own schemas, scratch databases, topics,
// consumer groups and buckets. A stage (for the integration tests, each project) prints its output
// in one piece when it ends (its log is kept in tmp/test-results/logs). The Kafka broker and
// S3Mock, when started here, start in the background while the static checks run.
// Anything that cannot run (no PostgreSQL, no Java for Kafka) is listed loudly at the end; with
// CI=true it is a failure.
import { spawn, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ci = ['1', 'true'].includes(String(process.env.CI).toLowerCase());
const resultsRoot = path.join(root, 'tmp', 'test-results');
const logsRoot = path.join(resultsRoot, 'logs');
rmSync(resultsRoot, { recursive: true, force: true });

const stages = [];
const unavailable = [];
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0' };

function run(title, command, args, extraEnv = {}) {
  console.log(`\n=== ${title} ===\n$ ${[command, ...args].join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...env, ...extraEnv } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = result.status === 0;
  return { ok, seconds };
}

function stage(title, command, args, extraEnv = {}) {
  const { entry, resultsDir } = newStage(title);
  const outcome = run(title, command, args, { ...extraEnv, RRE_TEST_RESULTS_DIR: resultsDir });
  Object.assign(entry, outcome, { projects: projectResults(resultsDir) });
  return outcome.ok;
}

/** Like run, without waiting: the output goes to a log file and is printed in one piece at the end. */
function runInBackground(title, command, args, extraEnv = {}) {
  mkdirSync(logsRoot, { recursive: true });
  const logFile = path.join(logsRoot, `${title.replace(/[^a-zA-Z0-9]+/g, '-').slice(0, 80)}.log`);
  console.log(`\n=== ${title}: started in the background, output when it ends ===`);
  const started = Date.now();
  const log = openSync(logFile, 'w');
  const child = spawn(command, args, {
    cwd: root,
    stdio: ['ignore', log, log],
    env: { ...env, ...extraEnv },
  });
  closeSync(log);
  return new Promise((resolve) => {
    let done = false;
    const finish = (status) => {
      if (done) return;
      done = true;
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`\n=== ${title} (ended after ${seconds} s) ===\n$ ${[command, ...args].join(' ')}`);
      process.stdout.write(readFileSync(logFile, 'utf8'));
      resolve({ ok: status === 0, seconds });
    };
    child.on('error', (error) => {
      appendFileSync(logFile, `${error.message}\n`);
      finish(1);
    });
    child.on('close', finish);
  });
}

/** Like stage, without waiting (runInBackground). */
async function stageInBackground(title, command, args, extraEnv = {}) {
  const { entry, resultsDir } = newStage(title);
  const outcome = await runInBackground(title, command, args, {
    ...extraEnv,
    RRE_TEST_RESULTS_DIR: resultsDir,
  });
  Object.assign(entry, outcome, { projects: projectResults(resultsDir) });
  return outcome.ok;
}

function newStage(title) {
  const entry = { title, ok: false, seconds: '-', projects: [] };
  stages.push(entry);
  return { entry, resultsDir: path.join(resultsRoot, String(stages.length - 1).padStart(2, '0')) };
}

function projectResults(resultsDir) {
  return existsSync(resultsDir)
    ? readdirSync(resultsDir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => JSON.parse(readFileSync(path.join(resultsDir, f), 'utf8')))
    : [];
}

function which(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

const nx = [path.join('node_modules', '.bin', 'nx')];

/**
 * The longest projects' tests, longest first (integration tests, measured on PGlite): they go first,
 * so that no lane starts a long one when the others are nearly done. Only the order depends on it.
 */
const LONGEST_FIRST = ['platform', 'traceability', 'gateway', 'simulator', 'shared-process-runs', 'intake'];
const runMany = (target, extra = []) => [...nx, 'run-many', '-t', target, '--outputStyle=stream', ...extra];

// The Kafka broker and S3Mock take a while to start: start them now, beside the static checks.
const kafkaStarting = startServer({
  title: 'Kafka broker (infra/kafka/kafka.sh start)',
  script: 'infra/kafka/kafka.sh',
  given: process.env.KAFKA_BROKERS,
  address: () => `127.0.0.1:${process.env.KAFKA_PORT ?? '9092'}`,
  missing: 'Kafka tests: KAFKA_BROKERS is not set and Java 17 + Maven are not installed to start infra/kafka',
  failed: 'Kafka tests: infra/kafka/kafka.sh could not start a broker (see infra/kafka/.run/kafka.log)',
});
const s3Starting = startServer({
  title: 'S3-compatible server (infra/s3/s3mock.sh start)',
  script: 'infra/s3/s3mock.sh',
  given: process.env.S3_TEST_ENDPOINT,
  address: () => `http://127.0.0.1:${process.env.S3MOCK_PORT ?? '9590'}`,
  missing: 'S3 tests: S3_TEST_ENDPOINT is not set and Java 17 + Maven are not installed to start infra/s3',
  failed: 'S3 tests: infra/s3/s3mock.sh could not start S3Mock (see infra/s3/.run/s3mock.log)',
});

// The projects whose integration tests the lanes share (sharedStage), looked up beside the checks.
const integrationProjects = projectsWithTarget('integration', 'integration');

// 1. Static checks and build.
stage('format check (prettier)', 'npx', ['prettier', '--check', '.']);
stage('lint (eslint, Nx module boundaries)', ...splitFirst(runMany('lint', ['--parallel=2'])));
stage('event contracts: generated code up to date (buf generate)', 'bash', [
  'tools/scripts/check-generated.sh',
]);
stage(
  'event contracts: buf lint and breaking changes against main',
  ...splitFirst(runMany('proto-lint,proto-breaking')),
);
stage('type check (tsc, strict)', 'npx', ['tsc', '-p', 'tsconfig.typecheck.json']);
stage('build (tsc -b)', 'npx', ['tsc', '-b', 'tsconfig.build.json']);

// 2-5. The tests, in three lanes side by side (see the top of this file).
const postgres = run('PostgreSQL server (infra/postgres/ensure.sh)', 'bash', ['infra/postgres/ensure.sh']);
const testDatabaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/rre_test';
const onPostgres = { TEST_DATABASE: 'postgres', TEST_DATABASE_URL: testDatabaseUrl };
if (!postgres.ok) unavailable.push('integration tests on PostgreSQL: no PostgreSQL server at 127.0.0.1:5432');

// 3. The integration tests, on embedded PGlite and on the PostgreSQL server: the longest stages,
//    shared by the lanes (see sharedStage), each lane taking their projects when done with its own.
const projectsWithIntegrationTests = await integrationProjects;
const pglite = sharedStage(
  'integration tests on PGlite (embedded)',
  'integration',
  projectsWithIntegrationTests,
  {
    TEST_DATABASE: 'pglite',
  },
);
const onPostgresServer = postgres.ok
  ? sharedStage(
      `integration tests on PostgreSQL (${testDatabaseUrl.replace(/:[^:@/]*@/, ':****@')})`,
      'integration',
      projectsWithIntegrationTests,
      onPostgres,
    )
  : { takeYourShare: async () => undefined };

async function unitAndPostgresLane() {
  // 2. Unit tests.
  await stageInBackground('unit tests', ...splitFirst(runMany('test', ['--parallel=2'])));
  await onPostgresServer.takeYourShare();
  await pglite.takeYourShare();
}

async function pgliteAndS3Lane() {
  await pglite.takeYourShare();
  await onPostgresServer.takeYourShare();
  // 5. Document-store tests against a real S3-compatible server (S3_TEST_ENDPOINT, or infra/s3's
  //    S3Mock started here and stopped after).
  const s3 = await s3Starting;
  if (s3.address) {
    await stageInBackground(
      `S3 document-store tests (${s3.address})`,
      ...splitFirst(runMany('s3', ['--parallel=1'])),
      { S3_TEST_ENDPOINT: s3.address, ...(postgres.ok ? onPostgres : { TEST_DATABASE: 'pglite' }) },
    );
  }
  await s3.stop();
}

async function kafkaLane() {
  // 4. Kafka tests against a real broker (KAFKA_BROKERS, or infra/kafka's broker started here and
  //    stopped after).
  const kafka = await kafkaStarting;
  if (kafka.address) {
    if (postgres.ok) {
      await stageInBackground(
        `Kafka tests (broker ${kafka.address}, PostgreSQL)`,
        ...splitFirst(runMany('kafka', ['--parallel=1'])),
        { KAFKA_BROKERS: kafka.address, ...onPostgres },
      );
    } else {
      unavailable.push('Kafka tests: they need PostgreSQL as well');
    }
  }
  const stopping = kafka.stop();
  await pglite.takeYourShare();
  await onPostgresServer.takeYourShare();
  await stopping;
}

await Promise.all([unitAndPostgresLane(), pgliteAndS3Lane(), kafkaLane()]);

// Summary.
let passed = 0;
let failed = 0;
let skipped = 0;
console.log('\n================ npm test summary ================');
for (const s of stages) {
  console.log(`${s.ok ? 'PASS' : 'FAIL'}  ${s.title}  (${s.seconds} s)`);
  for (const p of s.projects) {
    passed += p.passed;
    failed += p.failed;
    skipped += p.skipped;
    console.log(
      `        ${p.project}: ${p.passed} passed, ${p.failed} failed${p.skipped ? `, ${p.skipped} skipped` : ''}`,
    );
  }
}
const failedStages = stages.filter((s) => !s.ok);
if (unavailable.length > 0) {
  console.log('\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!');
  console.log('!!! NOT RUN on this machine:');
  for (const u of unavailable) console.log(`!!!   - ${u}`);
  console.log(
    ci ? '!!! CI=true: anything that cannot run is a failure.' : '!!! Install what is missing to run them.',
  );
  console.log('!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!');
}
const failures = stages.flatMap((s) =>
  s.projects.flatMap((p) => (p.failures ?? []).map((f) => ({ ...f, stage: s.title }))),
);
if (failures.length > 0) {
  console.log('\n================ failed tests ================');
  for (const f of failures) {
    console.log(`FAILED  ${f.stage}: ${f.file}\n  ${f.test}\n${f.message.replace(/^/gm, '    ')}`);
  }
}
if (ci && skipped > 0) console.log(`CI=true: ${skipped} skipped test(s) count as a failure.`);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
const ok = failedStages.length === 0 && failed === 0 && !(ci && (unavailable.length > 0 || skipped > 0));
process.exit(ok ? 0 : 1);

/**
 * A stage that runs `target` of each project, one project at a time per lane, shared by the lanes:
 * each lane calls takeYourShare() when it is free and runs projects from a common queue until none
 * are left. The longest projects go first (see batches), so that the lanes end close together
 * instead of one lane long after the others.
 */
function sharedStage(title, target, projects, extraEnv) {
  const queue = batches(projects);
  let stage;
  let running = 0;
  let finished = false;
  let ok = true;
  return {
    async takeYourShare() {
      stage ??= { ...newStage(title), started: Date.now() };
      if (finished) return;
      running += 1;
      while (queue.length > 0) {
        const batch = queue.shift();
        const outcome = await runInBackground(
          `${title}: ${batch.join(', ')}`,
          ...splitFirst(runMany(target, [`--projects=${batch.join(',')}`, '--parallel=1'])),
          { ...extraEnv, RRE_TEST_RESULTS_DIR: stage.resultsDir },
        );
        ok &&= outcome.ok;
      }
      running -= 1;
      if (running === 0) {
        finished = true;
        const seconds = ((Date.now() - stage.started) / 1000).toFixed(1);
        Object.assign(stage.entry, { ok, seconds, projects: projectResults(stage.resultsDir) });
      }
    },
  };
}

/**
 * The projects in the order to run them: those of LONGEST_FIRST, then the others by number of spec
 * files, in batches of at least BATCH_SPECS spec files (each batch is one Nx run, which costs a
 * second or two of CPU before any test), those with none in the last.
 */
function batches(projects) {
  const BATCH_SPECS = 3;
  const rank = (project) => {
    const index = LONGEST_FIRST.indexOf(project.name);
    return index === -1 ? LONGEST_FIRST.length : index;
  };
  const result = [];
  let current = { names: [], specs: 0 };
  for (const project of [...projects].sort((a, b) => rank(a) - rank(b) || b.specs - a.specs)) {
    if (current.names.length > 0 && (current.specs >= BATCH_SPECS || rank(project) < LONGEST_FIRST.length)) {
      result.push(current.names);
      current = { names: [], specs: 0 };
    }
    current.names.push(project.name);
    current.specs += rank(project) < LONGEST_FIRST.length ? BATCH_SPECS : project.specs;
  }
  if (current.names.length > 0) result.push(current.names);
  return result;
}

/** The projects that have `target`, with how many spec files (`*.<specKind>-spec.ts`) each has. */
function projectsWithTarget(target, specKind) {
  return new Promise((resolve, reject) => {
    const child = spawn(nx[0], ['show', 'projects', '--with-target', target, '--json'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('close', (status) => {
      if (status !== 0) return reject(new Error(`nx show projects --with-target ${target}: exit ${status}`));
      const roots = projectRoots();
      const names = JSON.parse(out);
      resolve(names.map((name) => ({ name, specs: countFiles(roots.get(name), `.${specKind}-spec.ts`) })));
    });
  });
}

/** Project name to root directory, from every project.json in the workspace. */
function projectRoots(dir = root, roots = new Map()) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (
      !entry.isDirectory() ||
      entry.name.startsWith('.') ||
      ['node_modules', 'dist', 'tmp'].includes(entry.name)
    )
      continue;
    const sub = path.join(dir, entry.name);
    const manifest = path.join(sub, 'project.json');
    if (existsSync(manifest)) roots.set(JSON.parse(readFileSync(manifest, 'utf8')).name, sub);
    projectRoots(sub, roots);
  }
  return roots;
}

function countFiles(dir, suffix) {
  if (!dir) return 0;
  let count = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    if (entry.isDirectory()) count += countFiles(path.join(dir, entry.name), suffix);
    else if (entry.name.endsWith(suffix)) count += 1;
  }
  return count;
}

function splitFirst([command, ...args]) {
  return [command, args];
}

/**
 * Starts infra/kafka or infra/s3 in the background unless `given` names a server already, resolving
 * to its address (undefined when it cannot run, with the reason in `unavailable`) and a `stop` that
 * stops it if this run started it.
 */
function startServer({ title, script, given, address, missing, failed }) {
  const none = async () => undefined;
  if (given) return Promise.resolve({ address: given, stop: none });
  if (!which('java') || !which('mvn')) {
    unavailable.push(missing);
    return Promise.resolve({ address: undefined, stop: none });
  }
  const wasRunning = spawnSync('bash', [script, 'status'], { cwd: root, stdio: 'ignore' }).status === 0;
  return runInBackground(title, 'bash', [script, 'start']).then((outcome) => {
    if (!outcome.ok) {
      unavailable.push(failed);
      return { address: undefined, stop: none };
    }
    return {
      address: address(),
      stop: async () => {
        if (!wasRunning) await runInBackground(`${title.split(' (')[0]}: stop`, 'bash', [script, 'stop']);
      },
    };
  });
}
