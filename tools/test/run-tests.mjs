#!/usr/bin/env node
// `npm test`: the whole suite, as CI runs it.
//   1. static checks: format, lint (module boundaries), generated contracts up to date, buf lint and
//      breaking changes, type check, build
//   2. unit tests of every project
//   3. integration tests twice: on embedded PGlite and on the real PostgreSQL server
//   4. Kafka tests against a real broker (KAFKA_BROKERS, or infra/kafka started here and stopped after)
//   5. document-store tests against a real S3-compatible server (S3_TEST_ENDPOINT, or infra/s3 likewise)
// Anything that cannot run (no PostgreSQL, no Java for Kafka) is listed loudly at the end; with
// CI=true it is a failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ci = ['1', 'true'].includes(String(process.env.CI).toLowerCase());
const resultsRoot = path.join(root, 'tmp', 'test-results');
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
  const resultsDir = path.join(resultsRoot, String(stages.length).padStart(2, '0'));
  const outcome = run(title, command, args, { ...extraEnv, RRE_TEST_RESULTS_DIR: resultsDir });
  const projects = existsSync(resultsDir)
    ? readdirSync(resultsDir).map((f) => JSON.parse(readFileSync(path.join(resultsDir, f), 'utf8')))
    : [];
  stages.push({ title, ...outcome, projects });
  return outcome.ok;
}

function which(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

const nx = [path.join('node_modules', '.bin', 'nx')];
const runMany = (target, extra = []) => [...nx, 'run-many', '-t', target, '--outputStyle=stream', ...extra];

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

// 2. Unit tests.
stage('unit tests', ...splitFirst(runMany('test', ['--parallel=2'])));

// 3. Integration tests on both databases.
stage('integration tests on PGlite (embedded)', ...splitFirst(runMany('integration', ['--parallel=1'])), {
  TEST_DATABASE: 'pglite',
});
const postgres = run('PostgreSQL server (infra/postgres/ensure.sh)', 'bash', ['infra/postgres/ensure.sh']);
const testDatabaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/rre_test';
if (postgres.ok) {
  stage(
    `integration tests on PostgreSQL (${testDatabaseUrl.replace(/:[^:@/]*@/, ':****@')})`,
    ...splitFirst(runMany('integration', ['--parallel=1'])),
    { TEST_DATABASE: 'postgres', TEST_DATABASE_URL: testDatabaseUrl },
  );
} else {
  unavailable.push('integration tests on PostgreSQL: no PostgreSQL server at 127.0.0.1:5432');
}

// 4. Kafka tests against a real broker.
let brokers = process.env.KAFKA_BROKERS;
let startedKafka = false;
if (!brokers) {
  if (which('java') && which('mvn')) {
    const wasRunning =
      spawnSync('bash', ['infra/kafka/kafka.sh', 'status'], { cwd: root, stdio: 'ignore' }).status === 0;
    const kafka = run('Kafka broker (infra/kafka/kafka.sh start)', 'bash', ['infra/kafka/kafka.sh', 'start']);
    if (kafka.ok) {
      brokers = `127.0.0.1:${process.env.KAFKA_PORT ?? '9092'}`;
      startedKafka = !wasRunning;
    } else {
      unavailable.push(
        'Kafka tests: infra/kafka/kafka.sh could not start a broker (see infra/kafka/.run/kafka.log)',
      );
    }
  } else {
    unavailable.push(
      'Kafka tests: KAFKA_BROKERS is not set and Java 17 + Maven are not installed to start infra/kafka',
    );
  }
}
if (brokers) {
  if (postgres.ok) {
    stage(`Kafka tests (broker ${brokers}, PostgreSQL)`, ...splitFirst(runMany('kafka', ['--parallel=1'])), {
      KAFKA_BROKERS: brokers,
      TEST_DATABASE: 'postgres',
      TEST_DATABASE_URL: testDatabaseUrl,
    });
  } else {
    unavailable.push('Kafka tests: they need PostgreSQL as well');
  }
  if (startedKafka) run('stop Kafka broker', 'bash', ['infra/kafka/kafka.sh', 'stop']);
}

// 5. Document-store tests against a real S3-compatible server (S3_TEST_ENDPOINT, or infra/s3's
//    S3Mock started here and stopped after).
let s3Endpoint = process.env.S3_TEST_ENDPOINT;
let startedS3 = false;
if (!s3Endpoint) {
  if (which('java') && which('mvn')) {
    const wasRunning =
      spawnSync('bash', ['infra/s3/s3mock.sh', 'status'], { cwd: root, stdio: 'ignore' }).status === 0;
    const s3 = run('S3-compatible server (infra/s3/s3mock.sh start)', 'bash', [
      'infra/s3/s3mock.sh',
      'start',
    ]);
    if (s3.ok) {
      s3Endpoint = `http://127.0.0.1:${process.env.S3MOCK_PORT ?? '9590'}`;
      startedS3 = !wasRunning;
    } else {
      unavailable.push('S3 tests: infra/s3/s3mock.sh could not start S3Mock (see infra/s3/.run/s3mock.log)');
    }
  } else {
    unavailable.push(
      'S3 tests: S3_TEST_ENDPOINT is not set and Java 17 + Maven are not installed to start infra/s3',
    );
  }
}
if (s3Endpoint) {
  stage(`S3 document-store tests (${s3Endpoint})`, ...splitFirst(runMany('s3', ['--parallel=1'])), {
    S3_TEST_ENDPOINT: s3Endpoint,
    ...(postgres.ok
      ? { TEST_DATABASE: 'postgres', TEST_DATABASE_URL: testDatabaseUrl }
      : { TEST_DATABASE: 'pglite' }),
  });
  if (startedS3) run('stop S3-compatible server', 'bash', ['infra/s3/s3mock.sh', 'stop']);
}

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
if (ci && skipped > 0) console.log(`CI=true: ${skipped} skipped test(s) count as a failure.`);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
const ok = failedStages.length === 0 && failed === 0 && !(ci && (unavailable.length > 0 || skipped > 0));
process.exit(ok ? 0 : 1);

function splitFirst([command, ...args]) {
  return [command, args];
}
