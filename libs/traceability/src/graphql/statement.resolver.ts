import { Inject, UseFilters } from '@nestjs/common';
import { Args, Context, ID, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '@rre/auth';
import type { GraphqlContext } from '@rre/process-runs';
import { StatementApplication } from '../application/statement-application';
import { CARBON_FOOTPRINT_METHOD } from '../domain/carbon-footprint';
import type { StatementFigures } from '../domain/recycled-content-statement';
import type { FrozenStatement } from '../persistence/statement.store';
import { evidencePackPathOf } from '../evidence/evidence-pack-path';
import { AS_OF_ARG } from '../as-of/as-of.args';
import { callerOf } from './caller';
import { CarbonFootprintModel, RecycledContentStatementModel } from './statement.models';
import { TraceabilityErrorFilter } from './traceability-error.filter';

export function statementModel(statement: StatementFigures | FrozenStatement): RecycledContentStatementModel {
  const frozen = 'statementId' in statement ? (statement as FrozenStatement) : undefined;
  return {
    ...(frozen
      ? {
          statementId: frozen.statementId,
          shipmentId: frozen.shipmentId || null,
          issuedAt: frozen.issuedAt,
          configurationVersion: frozen.configurationVersion ?? null,
          evidencePackUrl: evidencePackPathOf(frozen.statementId),
        }
      : {}),
    lotId: statement.lotId,
    lotCode: statement.lotCode ?? null,
    methodVersion: statement.methodVersion,
    chainOfCustodyModel: statement.chainOfCustodyModel,
    roundingRule: statement.roundingRule,
    uncertaintyMethod: statement.uncertaintyMethod,
    carbonFootprintMethod: statement.carbonFootprintMethod,
    elements: statement.elements.map((element) => ({
      ...element,
      categories: element.categories.map((category) => ({ ...category })),
    })),
    countriesOfOrigin: statement.countriesOfOrigin.map((country) => ({ ...country })),
    co2eKgPerKg: statement.co2eKgPerKg,
    runsWithoutEmissions: [...statement.runsWithoutEmissions],
    inputsSha256: statement.inputsSha256,
  };
}

/**
 * Recycled-content statements and CO2 footprints. A statement names no supplier and no source lot:
 * whoever may trace the lot may read it (recyclers: lots their own source lots went into).
 */
@Resolver()
@UseFilters(TraceabilityErrorFilter)
@Roles('recycler', 'lab', 'operator', 'auditor', 'sales', 'admin')
export class StatementResolver {
  constructor(@Inject(StatementApplication) private readonly statements: StatementApplication) {}

  @Query(() => RecycledContentStatementModel, {
    description:
      "The lot's recycled content per element (default: Nd, Pr, Dy, Tb, B, Co and the others of its composition) as the genealogy stands now; not frozen",
  })
  async recycledContentStatement(
    @Args('lotId', { type: () => ID }) lotId: string,
    @Args('elements', { type: () => [String], nullable: true }) elements: string[] | undefined,
    @Args('asOf', AS_OF_ARG) asOf: Date | undefined,
    @Context() context: GraphqlContext,
  ): Promise<RecycledContentStatementModel> {
    return statementModel(
      await this.statements.recycledContentStatement(
        callerOf(context),
        lotId,
        elements ?? undefined,
        asOf ?? undefined,
      ),
    );
  }

  @Query(() => RecycledContentStatementModel, {
    nullable: true,
    description:
      'A frozen statement (issued when its lot was shipped); null when unknown or not traceable by the caller',
  })
  async statement(
    @Args('id', { type: () => ID }) id: string,
    @Context() context: GraphqlContext,
  ): Promise<RecycledContentStatementModel | null> {
    const statement = await this.statements.statement(callerOf(context), id);
    return statement ? statementModel(statement) : null;
  }

  @Query(() => [RecycledContentStatementModel], { description: "The lot's frozen statements, oldest first" })
  async statementsOfLot(
    @Args('lotId', { type: () => ID }) lotId: string,
    @Context() context: GraphqlContext,
  ): Promise<RecycledContentStatementModel[]> {
    return (await this.statements.statementsOfLot(callerOf(context), lotId)).map(statementModel);
  }

  @Query(() => CarbonFootprintModel, {
    description:
      "kg CO2e per kg of the lot: the runs' recorded emissions, allocated to outputs by mass along the genealogy",
  })
  async carbonFootprint(
    @Args('lotId', { type: () => ID }) lotId: string,
    @Args('asOf', AS_OF_ARG) asOf: Date | undefined,
    @Context() context: GraphqlContext,
  ): Promise<CarbonFootprintModel> {
    const footprint = await this.statements.carbonFootprint(callerOf(context), lotId, asOf ?? undefined);
    return {
      lotId: footprint.lotId,
      co2eKgPerKg: footprint.co2eKgPerKg ?? null,
      exactCo2eKgPerKg: footprint.exactCo2eKgPerKg.toDecimalString(),
      runsWithEmissions: [...footprint.runsWithEmissions],
      runsWithoutEmissions: [...footprint.runsWithoutEmissions],
      method: CARBON_FOOTPRINT_METHOD,
    };
  }
}
