import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { IntakeTestApp } from '../test-support/intake-test-app';
import { recyclerA } from '../test-support/intake-callers';
import { REGISTER_LOT, registration } from '../test-support/intake-graphql.documents';

jest.setTimeout(120_000);

// registerLot's transaction holds the year's lot-code row from the moment it takes a number until it
// commits, and on PGlite (one backend) it holds the whole database from BEGIN to COMMIT: every
// statement in it is a round trip that all other registrations wait for. These specs pin how many
// there are.

let app: IntakeTestApp;
const statements: string[] = [];
const query = PostgresQueryRunner.prototype.query;

beforeAll(async () => {
  app = await IntakeTestApp.start();
  PostgresQueryRunner.prototype.query = function (
    this: PostgresQueryRunner,
    ...args: Parameters<typeof query>
  ) {
    statements.push(kindOf(String(args[0])));
    return query.apply(this, args);
  } as typeof query;
});
afterAll(async () => {
  PostgresQueryRunner.prototype.query = query;
  await app?.stop();
});

/** What a statement does, in a word or two. */
function kindOf(sql: string): string {
  const text = sql.replace(/\s+/g, ' ').trim();
  if (/^(START TRANSACTION|BEGIN|COMMIT|ROLLBACK)$/.test(text)) return text;
  if (/^WITH claimed AS \(INSERT INTO \S+\.idempotency_key .*INSERT INTO \S+\.lot_code_sequence/.test(text))
    return 'claim key + take lot number';
  if (/^INSERT INTO \S+\.idempotency_key/.test(text)) return 'claim key';
  if (/^SELECT operation, request_hash, result FROM \S+\.idempotency_key/.test(text)) return 'read key';
  if (/^UPDATE \S+\.idempotency_key/.test(text)) return 'store result';
  if (/^INSERT INTO \S+\.lot_code_sequence/.test(text)) return 'take lot number';
  if (/^WITH alongside AS \(INSERT INTO \S+\."lot" .* INSERT INTO \S*outbox\b/.test(text))
    return 'outbox + insert lot';
  if (/^WITH input AS .* INSERT INTO \S*outbox\b/.test(text)) return 'outbox';
  if (/^INSERT INTO \S+\."lot" /.test(text)) return 'insert lot';
  return text.slice(0, 80);
}

async function register(key: string | undefined, externalRef: string) {
  statements.length = 0;
  const answer = await app.graphql(recyclerA, REGISTER_LOT, { input: registration({ externalRef }), key });
  expect(answer.errors).toBeUndefined();
  return { lot: answer.data.registerLot.lot as { id: string; code: string }, statements: [...statements] };
}

describe('registerLot round trips', () => {
  it('with an idempotency key: four statements, the key claimed and the lot number taken in one, the event and the lot written in one', async () => {
    const { statements: sent } = await register('round-trips-1', 'RT-1');
    expect(sent).toEqual([
      'START TRANSACTION',
      'claim key + take lot number',
      'outbox + insert lot',
      'COMMIT',
    ]);
  });

  it('without a key: four statements as well', async () => {
    const { statements: sent } = await register(undefined, 'RT-2');
    expect(sent).toEqual(['START TRANSACTION', 'take lot number', 'outbox + insert lot', 'COMMIT']);
  });

  it('a replay takes no lot number: the next registration gets the next code', async () => {
    const first = await register('round-trips-3', 'RT-3');
    const replay = await register('round-trips-3', 'RT-3');
    expect(replay.lot.id).toBe(first.lot.id);
    expect(replay.statements.slice(0, 4)).toEqual([
      'START TRANSACTION',
      'claim key + take lot number',
      'read key',
      'COMMIT',
    ]);
    const next = await register('round-trips-4', 'RT-4');
    const number = (code: string) => Number(code.split('-')[2]);
    expect(number(next.lot.code)).toBe(number(first.lot.code) + 1);
  });
});
