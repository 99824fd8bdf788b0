import { Inject, UseFilters } from '@nestjs/common';
import { Args, Context, GraphQLISODateTime, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '@rre/auth';
import type { GraphqlContext } from '@rre/process-runs';
import { callerOf } from '../graphql/caller';
import { statementModel } from '../graphql/statement.resolver';
import { TraceabilityErrorFilter } from '../graphql/traceability-error.filter';
import { RestatementModel, TraceabilityConfigurationVersionModel } from './as-of.models';
import { ConfigurationApplication } from './configuration-application';
import type { Restatement } from './restatement.store';
import { RestatementQueries } from './restatement-queries';
import { type ConfigurationVersion, ROUNDING_RULES } from './traceability-configuration';

function configurationModel(version: ConfigurationVersion): TraceabilityConfigurationVersionModel {
  return {
    ...version,
    roundingRuleDescription: ROUNDING_RULES[version.roundingRule] ?? version.roundingRule,
    changedBy: { ...version.changedBy },
  };
}

function restatementModel(restatement: Restatement): RestatementModel {
  return {
    restatementId: restatement.restatementId,
    statementId: restatement.statementId,
    sequence: restatement.sequence,
    lotId: restatement.lotId,
    restatedAt: restatement.restatedAt,
    configurationVersion: restatement.configurationVersion,
    figures: statementModel(restatement.figures),
    changes: restatement.changes.figures.map((change) => ({ ...change })),
    countryChanges: restatement.changes.countries.map((change) => ({ ...change })),
    co2eKgPerKgBefore: restatement.changes.co2eKgPerKg?.before ?? null,
    co2eKgPerKgAfter: restatement.changes.co2eKgPerKg?.after ?? null,
    triggeredBy: restatement.triggeredBy.map((each) => ({ ...each })),
  };
}

/** Versioned configuration and restatements of issued statements. */
@Resolver()
@UseFilters(TraceabilityErrorFilter)
@Roles('recycler', 'lab', 'operator', 'auditor', 'sales', 'admin')
export class AsOfResolver {
  constructor(
    @Inject(ConfigurationApplication) private readonly configuration: ConfigurationApplication,
    @Inject(RestatementQueries) private readonly restatementQueries: RestatementQueries,
  ) {}

  @Query(() => [TraceabilityConfigurationVersionModel], {
    description: 'Every version of the configuration, oldest first; the last is in force',
  })
  @Roles('lab', 'operator', 'auditor', 'sales', 'admin')
  async traceabilityConfigurationVersions(): Promise<TraceabilityConfigurationVersionModel[]> {
    return (await this.configuration.versions()).map(configurationModel);
  }

  @Mutation(() => TraceabilityConfigurationVersionModel, {
    description:
      'Admins: a new configuration version, the settings given replacing those in force, with who changed it and why',
  })
  @Roles('admin')
  async changeTraceabilityConfiguration(
    @Args('reason') reason: string,
    @Args('methodVersion', { type: () => String, nullable: true }) methodVersion: string | undefined,
    @Args('roundingRule', { type: () => String, nullable: true }) roundingRule: string | undefined,
    @Args('closingCoverageFactor', { type: () => String, nullable: true })
    closingCoverageFactor: string | undefined,
    @Args('defaultGridFactorKgCo2ePerKwh', {
      type: () => String,
      nullable: true,
      description: 'kg CO2e per kWh; "" clears it',
    })
    defaultGridFactorKgCo2ePerKwh: string | undefined,
    @Context() context: GraphqlContext,
  ): Promise<TraceabilityConfigurationVersionModel> {
    const version = await this.configuration.change(callerOf(context), {
      reason,
      methodVersion: methodVersion ?? undefined,
      roundingRule: roundingRule ?? undefined,
      closingCoverageFactor: closingCoverageFactor ?? undefined,
      defaultGridFactorKgCo2ePerKwh:
        defaultGridFactorKgCo2ePerKwh === '' ? null : (defaultGridFactorKgCo2ePerKwh ?? undefined),
    });
    return configurationModel(version);
  }

  @Query(() => [RestatementModel], {
    description:
      "A frozen statement's restatements, first to latest; empty when none, or the statement is unknown or not readable by the caller",
  })
  async restatementsOf(
    @Args('statementId', { type: () => ID }) statementId: string,
    @Context() context: GraphqlContext,
  ): Promise<RestatementModel[]> {
    return (await this.restatementQueries.of(callerOf(context), statementId)).map(restatementModel);
  }

  @Query(() => [RestatementModel], {
    description: "Restatements recorded in [from, to), by time (the plant's staff and auditors)",
  })
  @Roles('lab', 'operator', 'auditor', 'sales', 'admin')
  async restatements(
    @Args('from', { type: () => GraphQLISODateTime }) from: Date,
    @Args('to', { type: () => GraphQLISODateTime }) to: Date,
    @Context() context: GraphqlContext,
  ): Promise<RestatementModel[]> {
    return (await this.restatementQueries.between(callerOf(context), from, to)).map(restatementModel);
  }
}
