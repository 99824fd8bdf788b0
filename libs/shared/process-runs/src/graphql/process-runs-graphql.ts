import { Args, Context, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '@rre/auth';
import { inTransaction } from '@rre/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import type { ProcessMutationOutcome, ProcessRequest } from '../application/process-request';
import type { ProcessRuns } from '../application/process-runs';
import type { MassBalance } from '../domain/mass-balance';
import type {
  AssayStatus,
  LossKind,
  OutputRole,
  ProcessLotKind,
  ProcessLotView,
} from '../domain/process-lot';
import { ProcessRunError } from '../domain/process-run-error';
import type { RunView } from '../domain/process-run';
import { canonicalJson } from '@rre/idempotency';
import { toGraphQLError } from './process-run-graphql-error';
import { type GraphqlContext, processRequestOf, withoutNulls } from './process-request.context';
import { processRunsGraphqlTypes } from './process-runs-graphql.models';

export interface ProcessRunsGraphqlOptions {
  /** Root-field prefix, lower camel case: `concentration` gives `concentrationPlanRun`, type `ConcentrationRun`. */
  readonly prefix: string;
  readonly processRuns: ProcessRuns;
  readonly dataSource: DataSource;
}

const IDEMPOTENCY_KEY = {
  nullable: true,
  description:
    'Client-chosen key (e.g. a UUID) kept at least 24 h per client: the same key and input return the first result; other input is refused (IDEMPOTENCY_KEY_REUSED)',
} as const;

function parametersOf(json: string | undefined): unknown {
  if (json === undefined) return undefined;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    throw new ProcessRunError({
      code: 'INVALID_PARAMETERS',
      field: 'parametersJson',
      value: json.length > 60 ? `${json.slice(0, 57)}...` : json,
      rule: 'must be JSON text',
    });
  }
}

export function lotModel(lot: ProcessLotView) {
  return {
    ...lot,
    composition: Object.entries(lot.composition ?? {}).map(([element, c]) => ({
      element,
      fraction: c.fraction,
      uncertainty: c.uncertainty,
    })),
  };
}

function balanceModel(balance: MassBalance) {
  return {
    ...balance,
    elements: balance.elements.map((e) => ({
      ...e,
      outputsByRole: Object.entries(e.outputsByRoleKg).map(([role, massKg]) => ({ role, massKg })),
      unstatedBy: [...e.unstatedBy],
    })),
  };
}

export function runModel(run: RunView) {
  return {
    ...run,
    parametersJson: run.parameters === undefined ? undefined : canonicalJson(run.parameters),
    balance: run.balance === undefined ? undefined : balanceModel(run.balance),
    override:
      run.override === undefined
        ? undefined
        : {
            reason: run.override.reason,
            overriddenBy: run.override.overriddenBy.subject,
            overriddenAt: run.override.overriddenAt,
            approvedBy: run.override.approvedBy?.subject,
            approvedAt: run.override.approvedAt,
          },
    corrections: run.corrections.map((c) => ({
      ...c,
      changesJson: canonicalJson(c.changes),
      balanceBefore: balanceModel(c.balanceBefore),
      balanceAfter: balanceModel(c.balanceAfter),
    })),
  };
}

interface Binding {
  processRuns: ProcessRuns;
  dataSource: DataSource;
}

export type ProcessRunsGraphql = ReturnType<typeof defineProcessRunsGraphql>;

/**
 * Nest keeps GraphQL type metadata in one global store, so a prefix's classes are defined once per
 * process; creating them again (a platform restarted in the same process) rebinds them to the new
 * instances instead.
 */
const DEFINED = new Map<string, { binding: Binding; graphql: ProcessRunsGraphql }>();

/**
 * The NestJS code-first resolvers a host mounts in its subgraph: MES mutations and queries for its
 * runs and lots, every root field and type prefixed. Register the returned `resolvers` as providers
 * of the host's module (they need no injection). Operators and admins mutate; operators, admins and
 * auditors read; every other role (recyclers included) is denied by @rre/auth's guard. The classes
 * are made once per prefix: calling it again with the same prefix (a restart in the same process)
 * returns them, bound to the new `processRuns` and `dataSource` (one binding per prefix at a time).
 */
export function createProcessRunsGraphql(options: ProcessRunsGraphqlOptions): ProcessRunsGraphql {
  const { prefix } = options;
  if (!/^[a-z][a-zA-Z0-9]*$/.test(prefix))
    throw new Error(`createProcessRunsGraphql: prefix "${prefix}" must be lower camel case`);
  const known = DEFINED.get(prefix);
  if (known) {
    known.binding.processRuns = options.processRuns;
    known.binding.dataSource = options.dataSource;
    return known.graphql;
  }
  const binding: Binding = { processRuns: options.processRuns, dataSource: options.dataSource };
  const graphql = defineProcessRunsGraphql(prefix, binding);
  DEFINED.set(prefix, { binding, graphql });
  return graphql;
}

function defineProcessRunsGraphql(prefix: string, binding: Binding) {
  const typePrefix = prefix[0]?.toUpperCase() + prefix.slice(1);
  const t = processRunsGraphqlTypes(typePrefix);
  const f = (name: string) => `${prefix}${name}`;

  async function mutate(
    context: GraphqlContext,
    idempotencyKey: string | null | undefined,
    call: (manager: EntityManager, request: ProcessRequest) => Promise<ProcessMutationOutcome>,
  ) {
    try {
      const request = processRequestOf(
        context,
        idempotencyKey,
        () => new Error('no verified principal on a guarded resolver'),
      );
      return await inTransaction(binding.dataSource, async (manager) => {
        const outcome = await call(manager, request);
        const run =
          outcome.runId === undefined ? undefined : await binding.processRuns.getRun(manager, outcome.runId);
        const lots: ProcessLotView[] = [];
        for (const lotId of outcome.lotIds) {
          const lot = await binding.processRuns.getLot(manager, lotId);
          if (lot) lots.push(lot);
        }
        return {
          ...outcome,
          lotIds: [...outcome.lotIds],
          recordIds: [...outcome.recordIds],
          run: run && runModel(run),
          lots: lots.map(lotModel),
        };
      });
    } catch (error: unknown) {
      throw toGraphQLError(error);
    }
  }

  async function read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await inTransaction(binding.dataSource, work);
    } catch (error: unknown) {
      throw toGraphQLError(error);
    }
  }

  @Resolver()
  @Roles('operator', 'admin')
  class ProcessRunMutationResolver {
    @Mutation(() => t.PayloadModel, {
      name: f('PlanRun'),
      description: 'Plan a run; a known externalId returns that run',
    })
    planRun(
      @Args('input', { type: () => t.PlanRunInputModel }) input: InstanceType<typeof t.PlanRunInputModel>,
      @Context() context: GraphqlContext,
      @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
    ) {
      const { parametersJson, ...rest } = withoutNulls(input);
      return mutate(context, idempotencyKey, (m, r) =>
        binding.processRuns.planRun(m, r, { ...rest, parameters: parametersOf(parametersJson) }),
      );
    }

    @Mutation(() => t.PayloadModel, { name: f('StartRun') })
    startRun(
      @Args('input', { type: () => t.RunRefInputModel }) input: InstanceType<typeof t.RunRefInputModel>,
      @Context() context: GraphqlContext,
      @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
    ) {
      return mutate(context, idempotencyKey, (m, r) =>
        binding.processRuns.startRun(m, r, withoutNulls(input)),
      );
    }

    @Mutation(() => t.PayloadModel, { name: f('HoldRun') })
    holdRun(
      @Args('input', { type: () => t.RunReasonInputModel }) input: InstanceType<typeof t.RunReasonInputModel>,
      @Context() context: GraphqlContext,
      @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
    ) {
      return mutate(context, idempotencyKey, (m, r) =>
        binding.processRuns.holdRun(m, r, withoutNulls(input)),
      );
    }

    @Mutation(() => t.PayloadModel, { name: f('ResumeRun') })
    resumeRun(
      @Args('input', { type: () => t.RunRefInputModel }) input: InstanceType<typeof t.RunRefInputModel>,
      @Context() context: GraphqlContext,
      @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
    ) {
      return mutate(context, idempotencyKey, (m, r) =>
        binding.processRuns.resumeRun(m, r, withoutNulls(input)),
      );
    }

    @Mutation(() => t.PayloadModel, { name: f('AbortRun') })
    abortRun(
      @Args('input', { type: () => t.RunReasonInputModel }) input: InstanceType<typeof t.RunReasonInputModel>,
      @Context() context: GraphqlContext,
      @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
    ) {
      return mutate(context, idempotencyKey, (m, r) =>
        binding.processRuns.abortRun(m, r, withoutNulls(input)),
      );
    }

    @Mutation(() => t.PayloadModel, {
      name: f('TakeInput'),
      description: 'Take a quantity (default: all that remains) of a held lot',
    })
    takeInput(
      @Args('input', { type: () => t.TakeInputInputModel }) input: InstanceType<typeof t.TakeInputInputModel>,
      @Context() context: GraphqlContext,
      @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
    ) {
      return mutate(context, idempotencyKey, (m, r) =>
        binding.processRuns.takeInput(m, r, withoutNulls(input)),
      );
    }

    @Mutation(() => t.PayloadModel, { name: f('ReturnInput') })
    returnInput(
      @Args('input', { type: () => t.ReturnInputInputModel })
      input: InstanceType<typeof t.ReturnInputInputModel>,
      @Context() context: GraphqlContext,
      @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
    ) {
      return mutate(context, idempotencyKey, (m, r) =>
        binding.processRuns.returnInput(m, r, withoutNulls(input)),
      );
    }

    @Mutation(() => t.PayloadModel, { name: f('DrawSample') })
    drawSample(
      @Args('input', { type: () => t.DrawSampleInputModel })
      input: InstanceType<typeof t.DrawSampleInputModel>,
      @Context() context: GraphqlContext,
      @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
    ) {
      return mutate(context, idempotencyKey, (m, r) =>
        binding.processRuns.drawSample(m, r, withoutNulls(input)),
      );
    }

    @Mutation(() => t.PayloadModel, { name: f('DeclareOutput') })
    declareOutput(
      @Args('input', { type: () => t.DeclareOutputInputModel })
      input: InstanceType<typeof t.DeclareOutputInputModel>,
      @Context() context: GraphqlContext,
      @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
    ) {
      const clean = withoutNulls(input);
      return mutate(context, idempotencyKey, (m, r) =>
        binding.processRuns.declareOutput(m, r, {
          ...clean,
          role: clean.role as OutputRole,
          compositionStatus: clean.compositionStatus as AssayStatus | undefined,
        }),
      );
    }

    @Mutation(() => t.PayloadModel, { name: f('RecordLosses') })
    recordLosses(
      @Args('input', { type: () => t.RecordLossesInputModel })
      input: InstanceType<typeof t.RecordLossesInputModel>,
      @Context() context: GraphqlContext,
      @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
    ) {
      const clean = withoutNulls(input);
      return mutate(context, idempotencyKey, (m, r) =>
        binding.processRuns.recordLosses(m, r, {
          runId: clean.runId,
          losses: clean.losses.map((l) => ({ ...l, kind: l.kind as LossKind })),
        }),
      );
    }

    @Mutation(() => t.PayloadModel, {
      name: f('CompleteRun'),
      description: 'Complete a run; a balance that does not close needs overrideReason',
    })
    completeRun(
      @Args('input', { type: () => t.CompleteRunInputModel })
      input: InstanceType<typeof t.CompleteRunInputModel>,
      @Context() context: GraphqlContext,
      @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
    ) {
      const clean = withoutNulls(input);
      return mutate(context, idempotencyKey, (m, r) =>
        binding.processRuns.completeRun(m, r, {
          runId: clean.runId,
          override: clean.overrideReason === undefined ? undefined : { reason: clean.overrideReason },
        }),
      );
    }

    @Mutation(() => t.PayloadModel, {
      name: f('ApproveRunOverride'),
      description: 'Second person approves an override',
    })
    approveRunOverride(
      @Args('input', { type: () => t.RunRefInputModel }) input: InstanceType<typeof t.RunRefInputModel>,
      @Context() context: GraphqlContext,
      @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
    ) {
      return mutate(context, idempotencyKey, (m, r) =>
        binding.processRuns.approveOverride(m, r, withoutNulls(input)),
      );
    }

    @Mutation(() => t.PayloadModel, { name: f('FinalizeRun'), description: 'Recompute on the final assays' })
    finalizeRun(
      @Args('input', { type: () => t.CompleteRunInputModel })
      input: InstanceType<typeof t.CompleteRunInputModel>,
      @Context() context: GraphqlContext,
      @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
    ) {
      const clean = withoutNulls(input);
      return mutate(context, idempotencyKey, (m, r) =>
        binding.processRuns.finalizeRun(m, r, {
          runId: clean.runId,
          override: clean.overrideReason === undefined ? undefined : { reason: clean.overrideReason },
        }),
      );
    }

    @Mutation(() => t.PayloadModel, {
      name: f('CorrectRun'),
      description: 'Correct a completed run; the original stays',
    })
    correctRun(
      @Args('input', { type: () => t.CorrectRunInputModel })
      input: InstanceType<typeof t.CorrectRunInputModel>,
      @Context() context: GraphqlContext,
      @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
    ) {
      const { overrideReason, losses, ...rest } = withoutNulls(input);
      return mutate(context, idempotencyKey, (m, r) =>
        binding.processRuns.correctRun(m, r, {
          ...rest,
          losses: losses?.map((l) => ({ ...l, kind: l.kind as LossKind })),
          override: overrideReason === undefined ? undefined : { reason: overrideReason },
        }),
      );
    }

    @Mutation(() => t.PayloadModel, {
      name: f('ReceiveLot'),
      description: 'Register a lot held at once: a reagent or a first charge of in-process inventory',
    })
    receiveLot(
      @Args('input', { type: () => t.ReceiveLotInputModel })
      input: InstanceType<typeof t.ReceiveLotInputModel>,
      @Context() context: GraphqlContext,
      @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
    ) {
      const clean = withoutNulls(input);
      return mutate(context, idempotencyKey, (m, r) =>
        binding.processRuns.receiveLot(m, r, {
          ...clean,
          kind: clean.kind as ProcessLotKind,
          compositionStatus: clean.compositionStatus as AssayStatus | undefined,
          custody: 'HELD',
        }),
      );
    }

    @Mutation(() => t.PayloadModel, { name: f('AcceptLot') })
    acceptLot(
      @Args('input', { type: () => t.AcceptLotInputModel }) input: InstanceType<typeof t.AcceptLotInputModel>,
      @Context() context: GraphqlContext,
      @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
    ) {
      return mutate(context, idempotencyKey, (m, r) =>
        binding.processRuns.acceptLot(m, r, withoutNulls(input)),
      );
    }

    @Mutation(() => t.PayloadModel, { name: f('RefuseLot') })
    refuseLot(
      @Args('input', { type: () => t.RefuseLotInputModel }) input: InstanceType<typeof t.RefuseLotInputModel>,
      @Context() context: GraphqlContext,
      @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
    ) {
      return mutate(context, idempotencyKey, (m, r) =>
        binding.processRuns.refuseLot(m, r, withoutNulls(input)),
      );
    }

    @Mutation(() => t.PayloadModel, { name: f('RecordLotAssay') })
    recordLotAssay(
      @Args('input', { type: () => t.RecordLotAssayInputModel })
      input: InstanceType<typeof t.RecordLotAssayInputModel>,
      @Context() context: GraphqlContext,
      @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
    ) {
      const clean = withoutNulls(input);
      return mutate(context, idempotencyKey, (m, r) =>
        binding.processRuns.recordLotAssay(m, r, { ...clean, status: clean.status as AssayStatus }),
      );
    }

    @Mutation(() => t.PayloadModel, {
      name: f('HandOverLot'),
      description: 'Offer a held lot to the next service',
    })
    handOverLot(
      @Args('input', { type: () => t.HandOverLotInputModel })
      input: InstanceType<typeof t.HandOverLotInputModel>,
      @Context() context: GraphqlContext,
      @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
    ) {
      return mutate(context, idempotencyKey, (m, r) =>
        binding.processRuns.handOverLot(m, r, withoutNulls(input)),
      );
    }
  }

  @Resolver()
  @Roles('operator', 'admin', 'auditor')
  class ProcessRunQueryResolver {
    @Query(() => t.RunModel, { name: f('Run'), nullable: true })
    async run(@Args('id') id: string) {
      const run = await read((m) => binding.processRuns.getRun(m, id));
      return run && runModel(run);
    }

    @Query(() => t.RunPageModel, {
      name: f('Runs'),
      description: 'Runs planned in [from, to), oldest first, paged',
    })
    async runs(
      @Args('from', { type: () => Date, nullable: true }) from?: Date,
      @Args('to', { type: () => Date, nullable: true }) to?: Date,
      @Args('status', { type: () => String, nullable: true }) status?: string,
      @Args('kind', { type: () => String, nullable: true }) kind?: string,
      @Args('first', { type: () => Int, nullable: true }) first?: number,
      @Args('after', { type: () => String, nullable: true }) after?: string,
    ) {
      const page = await read((m) =>
        binding.processRuns.listRuns(m, {
          from: from ?? undefined,
          to: to ?? undefined,
          status: (status ?? undefined) as RunView['status'] | undefined,
          kind: kind ?? undefined,
          first: first ?? undefined,
          after: after ?? undefined,
        }),
      );
      return { ...page, items: page.items.map(runModel) };
    }

    @Query(() => t.MassBalanceModel, {
      name: f('RunBalance'),
      description: 'The balance as completing would compute it now',
    })
    async runBalance(@Args('runId') runId: string) {
      return balanceModel(await read((m) => binding.processRuns.runBalance(m, runId)));
    }

    @Query(() => t.LotModel, { name: f('Lot'), nullable: true })
    async lot(@Args('id') id: string) {
      const lot = await read((m) => binding.processRuns.getLot(m, id));
      return lot && lotModel(lot);
    }

    @Query(() => t.LotPageModel, {
      name: f('Lots'),
      description: 'Lots by custody and kind, oldest first, paged',
    })
    async lots(
      @Args('custody', { type: () => String, nullable: true }) custody?: string,
      @Args('kind', { type: () => String, nullable: true }) kind?: string,
      @Args('first', { type: () => Int, nullable: true }) first?: number,
      @Args('after', { type: () => String, nullable: true }) after?: string,
    ) {
      const page = await read((m) =>
        binding.processRuns.listLots(m, {
          custody: (custody ?? undefined) as ProcessLotView['custody'] | undefined,
          kind: (kind ?? undefined) as ProcessLotKind | undefined,
          first: first ?? undefined,
          after: after ?? undefined,
        }),
      );
      return { ...page, items: page.items.map(lotModel) };
    }
  }

  return { resolvers: [ProcessRunMutationResolver, ProcessRunQueryResolver], types: t };
}
