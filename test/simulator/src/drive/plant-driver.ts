import { parseDecimal } from '@rre/quantities';
import { createHash } from 'node:crypto';
import type { PlantActor } from '../plant/plant-actors';
import {
  answerField,
  GRAPHQL_DOCUMENTS,
  lotQuery,
  type OperationName,
  SALES_OFFERED_LOTS,
} from '../plan/graphql-documents';
import type { PlantPlan } from '../plan/plant-planner';
import {
  FAULT_KINDS,
  type FaultKind,
  type HeldLotCondition,
  type PlannedRequest,
  type PlanValue,
} from '../plan/planned-request';
import type { GraphqlAnswer, PlatformClient } from './platform-client';

export interface DriveOptions {
  readonly client: PlatformClient;
  /** Called after every planned request. */
  readonly onProgress?: (done: number, total: number, request: PlannedRequest) => void;
  /** How long to wait for a service to hold a lot another handed over; default 60 s. */
  readonly waitTimeoutMs?: number;
}

export interface DriveResult {
  /** Planned requests sent (the waits' reads not included). */
  readonly requests: number;
  /** Requests whose mutation had an effect (each announced by its events). */
  readonly effects: number;
  /** Requests the platform answered as a replay of an earlier one (no second effect). */
  readonly replays: number;
  /** Injected faults and how many the platform refused or replayed as it must. */
  readonly faults: Readonly<Record<FaultKind, { injected: number; caught: number }>>;
  /** Every ref the platform filled in: lot, transfer and run ids. */
  readonly refs: ReadonlyMap<string, string>;
  /**
   * SHA-256 of the requests as sent (actor, operation, idempotency key, variables with the ids the
   * platform assigned written back as the plan's references): equal to `requestLogDigest(plan)`
   * when every request went out as planned, so equal for two runs of one seed.
   */
  readonly requestLogDigest: string;
  readonly seconds: number;
}

/** A request whose answer was not the one the plan expects; the simulation stops there. */
export class PlantDriveError extends Error {
  constructor(
    readonly request: PlannedRequest,
    readonly answer: GraphqlAnswer | undefined,
    detail: string,
  ) {
    super(`request ${request.id} (${request.operation} as ${request.actor}, day ${request.day}): ${detail}`);
  }
}

/** The idempotency key of a planned request: stable for a seed, so a resend is a replay. */
export function idempotencyKeyOf(plan: PlantPlan, request: PlannedRequest): string {
  const { seed, namespace } = plan.settings;
  return `sim-${seed}${namespace ? `-${namespace}` : ''}-${request.keyOf ?? request.id}`;
}

function requestLogLine(actor: string, operation: string, key: string, variables: unknown): string {
  return `${JSON.stringify([actor, operation, key, variables])}\n`;
}

/** The request log's digest a faithful run of `plan` produces (see `DriveResult.requestLogDigest`). */
export function requestLogDigest(plan: PlantPlan): string {
  const hash = createHash('sha256');
  for (const request of plan.requests) {
    hash.update(
      requestLogLine(request.actor, request.operation, idempotencyKeyOf(plan, request), request.variables),
    );
  }
  return hash.digest('hex');
}

/** The value sent, with every id the platform assigned written back as its reference. */
function unresolve(value: unknown, names: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') {
    const name = names.get(value);
    return name === undefined ? value : { $ref: name };
  }
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => unresolve(v, names));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unresolve(v, names)]));
}

function resolve(value: PlanValue, refs: ReadonlyMap<string, string>, request: PlannedRequest): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v: PlanValue) => resolve(v, refs, request));
  const object = value as { readonly [key: string]: PlanValue };
  if ('$ref' in object && typeof object['$ref'] === 'string') {
    const id = refs.get(object['$ref']);
    if (id === undefined) throw new PlantDriveError(request, undefined, `no id yet for ${object['$ref']}`);
    return id;
  }
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, resolve(v, refs, request)]));
}

function at(data: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, part) => {
    if (node === null || typeof node !== 'object') return undefined;
    return (node as Record<string, unknown>)[part];
  }, data);
}

/**
 * Sends the plan's requests in order through the real GraphQL API, filling in the ids the platform
 * assigns, and checks each answer against the plan: done, replayed (a retry with the same key), or
 * refused with the expected code (an injected fault). Before a run takes a lot intake handed over,
 * it waits until concentration holds it with the expected mass and Dy content (intake's events
 * reach concentration asynchronously, through the embedded log or Kafka).
 */
export async function drivePlant(plan: PlantPlan, options: DriveOptions): Promise<DriveResult> {
  const started = Date.now();
  const { client } = options;
  const actors = new Map(plan.actors.map((a) => [a.name, a]));
  const refs = new Map<string, string>();
  const faults = Object.fromEntries(FAULT_KINDS.map((k) => [k, { injected: 0, caught: 0 }])) as Record<
    FaultKind,
    { injected: number; caught: number }
  >;
  let effects = 0;
  let replays = 0;
  const mes = actorNamed(actors, 'mes');
  // Sales' lots are read by its own desk: the MES may not.
  const readerOf = (service: HeldLotCondition['service']) =>
    service === 'sales' ? actorNamed(actors, 'sales-desk') : mes;
  const log = createHash('sha256');
  const names = new Map<string, string>();
  for (const [index, request] of plan.requests.entries()) {
    for (const condition of request.waitFor ?? []) {
      await waitUntilHeld(
        client,
        readerOf(condition.service),
        condition,
        refs,
        request,
        options.waitTimeoutMs ?? 60_000,
      );
    }
    const operation = request.operation as OperationName;
    const variables = resolve(request.variables, refs, request) as Record<string, unknown>;
    const key = idempotencyKeyOf(plan, request);
    log.update(requestLogLine(request.actor, request.operation, key, unresolve(variables, names)));
    const answer = await client.request(actorNamed(actors, request.actor), GRAPHQL_DOCUMENTS[operation], {
      ...variables,
      key,
    });
    const field = answerField(operation);
    const payload = answer.data?.[field] as { replayed?: boolean } | null | undefined;
    const error = answer.errors?.[0];
    const code = error?.extensions?.code;
    if (request.fault) faults[request.fault].injected += 1;
    switch (request.expect.outcome) {
      case 'done':
        if (error || !payload)
          throw new PlantDriveError(
            request,
            answer,
            `refused: ${code ?? ''} ${error?.message ?? 'no answer'}`,
          );
        if (payload.replayed) replays += 1;
        else effects += 1;
        break;
      case 'replayed':
        if (error || payload?.replayed !== true) {
          throw new PlantDriveError(
            request,
            answer,
            `a resend with the same idempotency key was not answered as a replay`,
          );
        }
        replays += 1;
        break;
      case 'refused':
        if (code !== request.expect.code) {
          throw new PlantDriveError(
            request,
            answer,
            `expected a refusal ${request.expect.code}, got ${error ? `${code}: ${error.message}` : 'an answer'}`,
          );
        }
        break;
    }
    if (request.fault) faults[request.fault].caught += 1;
    for (const [name, path] of Object.entries(request.capture ?? {})) {
      const id = at(answer.data, path);
      if (typeof id !== 'string') throw new PlantDriveError(request, answer, `no ${path} in the answer`);
      refs.set(name, id);
      names.set(id, name);
    }
    options.onProgress?.(index + 1, plan.requests.length, request);
  }
  // Hand-overs settle when the offering service hears the receiver's answer: wait for every one,
  // so that the accounts read afterwards find each lot in one service only.
  const last = plan.requests[plan.requests.length - 1];
  for (const condition of plan.settlements) {
    if (last)
      await waitUntilHeld(
        client,
        readerOf(condition.service),
        condition,
        refs,
        last,
        options.waitTimeoutMs ?? 60_000,
      );
  }
  return {
    requestLogDigest: log.digest('hex'),
    requests: plan.requests.length,
    effects,
    replays,
    faults,
    refs,
    seconds: (Date.now() - started) / 1000,
  };
}

function actorNamed(actors: ReadonlyMap<string, PlantActor>, name: string): PlantActor {
  const actor = actors.get(name);
  if (!actor) throw new Error(`the plan names no actor "${name}"`);
  return actor;
}

type LotView = { custody: string; remainingKg: string; composition: { element: string; fraction: string }[] };

/** A service's view of one lot; sales lists its open offers (their mass as the remaining kg). */
async function readLot(
  client: PlatformClient,
  reader: PlantActor,
  service: HeldLotCondition['service'],
  lotId: string,
): Promise<{ lot: LotView | null | undefined; answer: GraphqlAnswer }> {
  if (service === 'sales') {
    const answer = await client.request(reader, SALES_OFFERED_LOTS, {});
    const offers = answer.data?.['salesLots'] as
      { lotId: string; custody: string; massKg: string }[] | null | undefined;
    const offer = offers?.find((o) => o.lotId === lotId);
    return {
      answer,
      lot: offer && { custody: offer.custody, remainingKg: offer.massKg, composition: [] },
    };
  }
  const answer = await client.request(reader, lotQuery(service), { id: lotId });
  return { answer, lot: answer.data?.[`${service}Lot`] as LotView | null | undefined };
}

async function waitUntilHeld(
  client: PlatformClient,
  reader: PlantActor,
  condition: HeldLotCondition,
  refs: ReadonlyMap<string, string>,
  request: PlannedRequest,
  timeoutMs: number,
): Promise<void> {
  const lotId = resolve(condition.lot, refs, request) as string;
  const deadline = Date.now() + timeoutMs;
  let pause = 20;
  let seen: unknown;
  for (;;) {
    const { answer, lot } = await readLot(client, reader, condition.service, lotId);
    seen = lot ?? answer.errors ?? null;
    const dy = lot?.composition.find((c) => c.element === 'Dy')?.fraction ?? '0';
    if (
      lot &&
      lot.custody === condition.custody &&
      (condition.remainingKg === undefined ||
        parseDecimal(lot.remainingKg).equals(parseDecimal(condition.remainingKg))) &&
      (condition.dyFraction === undefined || parseDecimal(dy).equals(parseDecimal(condition.dyFraction)))
    ) {
      return;
    }
    if (Date.now() > deadline) {
      throw new PlantDriveError(
        request,
        undefined,
        `${condition.service} did not have lot ${lotId} ${condition.custody}${condition.remainingKg === undefined ? '' : ` with ${condition.remainingKg} kg`}${condition.dyFraction === undefined ? '' : ` and Dy ${condition.dyFraction}`} within ${timeoutMs / 1000} s; last seen ${JSON.stringify(seen)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pause));
    pause = Math.min(pause * 2, 500);
  }
}
