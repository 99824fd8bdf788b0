import { monitorEventLoopDelay } from 'node:perf_hooks';
import { REGISTER_LOT_MUTATION, registrationInput } from './intake-bench-data';

// The intake bench's client: a process of its own (started with `fork`), so that its timers and the
// moments it sees answers are not delayed by whatever runs in the bench's process (PGlite, which
// executes synchronously on that event loop). It runs one load order received over IPC and
// answers with what it measured.

/** What the bench asks the client process to send. */
export interface RegistrationLoadOrder {
  url: string;
  tokens: readonly string[];
  /** Prefix of the external references and idempotency keys, unique per load. */
  run: string;
  /**
   * `paced`: `count` requests at `rate` a second on a fixed schedule (open loop); `oneByOne`:
   * requests one after the other (closed loop) for `seconds`.
   */
  mode: 'paced' | 'oneByOne';
  count: number;
  rate: number;
  seconds: number;
}

export interface RegistrationLoadResult {
  latenciesMs: number[];
  failures: number;
  firstError?: string;
  seconds: number;
  /** The client's own event-loop delay while it ran (p99, max in ms): how far its clock is to be trusted. */
  clientLoopDelayMs: { p99: number; max: number };
}

interface RegisterLotBody {
  data?: { registerLot?: unknown };
  errors?: unknown[];
}

function registerLot(order: RegistrationLoadOrder, i: number): Promise<RegisterLotBody> {
  return fetch(`${order.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${order.tokens[i % order.tokens.length]}`,
    },
    body: JSON.stringify({
      query: REGISTER_LOT_MUTATION,
      variables: { input: registrationInput(i, order.run), key: `${order.run}-${i}` },
    }),
  }).then((response) => response.json() as Promise<RegisterLotBody>);
}

/**
 * Offers `rate` requests a second on a fixed schedule (a request is sent when it is due, whether or
 * not earlier ones have answered). Latency: from when the request was due to its answer.
 */
async function registerPaced(order: RegistrationLoadOrder) {
  const latenciesMs: number[] = [];
  let failures = 0;
  let firstError: string | undefined;
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < order.count; i++) {
    const due = started + (i * 1000) / order.rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(
      registerLot(order, i)
        .then((body) => {
          latenciesMs.push(performance.now() - due);
          if (!body.data?.registerLot || body.errors) {
            failures++;
            firstError ??= JSON.stringify(body.errors ?? body).slice(0, 500);
          }
        })
        .catch((error: unknown) => {
          failures++;
          firstError ??= String(error);
        }),
    );
  }
  await Promise.all(inFlight);
  return { latenciesMs, failures, firstError, seconds: (performance.now() - started) / 1000 };
}

/** Requests one after the other for `seconds`: the service time of one registration, nothing queued. */
async function registerOneByOne(order: RegistrationLoadOrder) {
  const latenciesMs: number[] = [];
  const started = performance.now();
  for (let i = 0; performance.now() - started < order.seconds * 1000; i++) {
    const sent = performance.now();
    const body = await registerLot(order, i);
    if (!body.data?.registerLot) throw new Error(`registerLot failed: ${JSON.stringify(body).slice(0, 300)}`);
    latenciesMs.push(performance.now() - sent);
  }
  return { latenciesMs, failures: 0, seconds: (performance.now() - started) / 1000 };
}

async function runOrder(order: RegistrationLoadOrder): Promise<RegistrationLoadResult> {
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const run = order.mode === 'paced' ? await registerPaced(order) : await registerOneByOne(order);
  loopDelay.disable();
  return {
    ...run,
    clientLoopDelayMs: { p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 },
  };
}

// Started as `node tools/scripts/run.mjs test/bench/src/registration-load.js` with an IPC channel.
if (process.send && process.argv[1]?.endsWith('registration-load.js')) {
  process.once('message', (order: RegistrationLoadOrder) => {
    runOrder(order).then(
      (result) => process.send?.({ result }, () => process.exit(0)),
      (error: unknown) => process.send?.({ error: String(error) }, () => process.exit(1)),
    );
  });
}
