import { Inject, UseFilters } from '@nestjs/common';
import { Args, Context, GraphQLISODateTime, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '@rre/auth';
import type { GraphqlContext } from '@rre/process-runs';
import { Rational } from '../domain/rational';
import { callerOf } from '../graphql/caller';
import { TraceabilityErrorFilter } from '../graphql/traceability-error.filter';
import type { CreditEntry } from './credit-ledger.store';
import type { CreditClaim, MassBalanceApplication } from './mass-balance-application';
import { kgText, MASS_BALANCE_RULES, shareText } from './mass-balance-period';
import { MASS_BALANCE_APPLICATION } from './mass-balance.di-token';
import {
  CreditLedgerEntryModel,
  CreditLedgerModel,
  MassBalanceMethodValue,
  MassBalancePeriodModel,
  RecycledCreditClaimModel,
} from './mass-balance.models';

function entryModel(entry: CreditEntry): CreditLedgerEntryModel {
  return {
    entryNo: entry.entryNo,
    entryId: entry.entryId,
    element: entry.element,
    category: entry.category,
    kind: entry.kind,
    kg: entry.kg,
    balanceAfterKg: entry.balanceAfterKg,
    remainingKg: entry.remainingKg,
    periodFrom: entry.periodFrom,
    periodTo: entry.periodTo,
    shipmentId: entry.shipmentId || undefined,
    lotId: entry.lotId,
    actorSubject: entry.actorSubject,
    at: entry.at,
  };
}

function claimModel(claim: CreditClaim): RecycledCreditClaimModel {
  return {
    claimId: claim.entry.entryId,
    shipmentId: claim.entry.shipmentId || null,
    lotId: claim.entry.lotId ?? '',
    element: claim.entry.element,
    category: claim.entry.category,
    kg: claim.entry.kg,
    balanceAfterKg: claim.entry.balanceAfterKg,
    chainOfCustodyModel: claim.chainOfCustodyModel,
    draws: claim.draws.map((draw) => ({ ...draw })),
    claimedBy: claim.entry.actorSubject,
    at: claim.entry.at,
    replayed: claim.replayed,
  };
}

/**
 * The plant-level mass balance (rolling-average and credit methods) and its credit ledger. A
 * plant-wide view: plant staff and auditors read it, recyclers are refused (FORBIDDEN); sales and
 * admins claim credits, operators and admins deposit a period's credits; auditors never write.
 */
@Resolver()
@UseFilters(TraceabilityErrorFilter)
export class MassBalanceResolver {
  constructor(@Inject(MASS_BALANCE_APPLICATION) private readonly massBalance: MassBalanceApplication) {}

  @Roles('lab', 'operator', 'auditor', 'sales', 'admin')
  @Query(() => MassBalancePeriodModel, {
    description:
      'The plant over [from, to) per element and category: inputs, allocated losses, credits, shares, outputs and balances, by the rolling-average or the credit method',
  })
  async massBalancePeriod(
    @Args('from', { type: () => GraphQLISODateTime }) from: Date,
    @Args('to', { type: () => GraphQLISODateTime }) to: Date,
    @Args('elements', { type: () => [String] }) elements: string[],
    @Args('method', { type: () => MassBalanceMethodValue }) method: MassBalanceMethodValue,
    @Context() context: GraphqlContext,
  ): Promise<MassBalancePeriodModel> {
    callerOf(context);
    const period = await this.massBalance.period(from, to, elements, method);
    return {
      from: period.from,
      to: period.to,
      method,
      methodVersion: period.methodVersion,
      chainOfCustodyModel: period.chainOfCustodyModel,
      rules: Object.entries(MASS_BALANCE_RULES).map(([name, rule]) => `${name}: ${rule}`),
      elements: period.elements.map((element) => {
        const credit = period.credit?.get(element.element);
        const categories = element.categories.map((category) => ({
          category: category.category,
          inputKg: kgText(category.inputKg),
          share: shareText(category.share),
          lossesKg: kgText(category.lossesKg),
          creditsKg: kgText(category.creditsKg),
          outKg: credit ? (credit.claimedKg.get(category.category) ?? '0.000000') : kgText(category.outputKg),
          balanceKg: credit
            ? (credit.balanceKg.get(category.category) ?? null)
            : kgText(category.creditsKg.minus(category.outputKg)),
        }));
        return {
          element: element.element,
          inputKg: kgText(element.inputKg),
          runLossesKg: kgText(element.runLossesKg),
          creditsKg: kgText(element.creditsKg),
          outKg: credit
            ? kgText(categories.reduce((sum, c) => sum.plus(ratOf(c.outKg)), ratOf('0')))
            : kgText(element.outputKg),
          inputLots: element.inputLots,
          deposited: credit?.deposited,
          categories,
          outputs: element.outputs.map((output) => ({
            shipmentId: output.shipmentId,
            lotId: output.lotId,
            elementKg: kgText(output.elementKg),
            categories: output.categories.map((c) => ({ category: c.category, kg: kgText(c.kg) })),
          })),
        };
      }),
    };
  }

  @Roles('lab', 'operator', 'auditor', 'sales', 'admin')
  @Query(() => CreditLedgerModel, {
    description: "One account's deposits and claims, oldest first, and its balance",
  })
  async creditLedger(
    @Args('element') element: string,
    @Args('category', { description: 'POST_CONSUMER, PRE_CONSUMER or PRIMARY' }) category: string,
    @Context() context: GraphqlContext,
  ): Promise<CreditLedgerModel> {
    callerOf(context);
    const ledger = await this.massBalance.creditLedger(element, category);
    return { element, category, balanceKg: ledger.balanceKg, entries: ledger.entries.map(entryModel) };
  }

  @Roles('lab', 'operator', 'auditor', 'sales', 'admin')
  @Query(() => [RecycledCreditClaimModel], {
    description: 'The credit-method statements (claims) of a shipment, or of a lot',
  })
  async recycledCreditClaims(
    @Args('shipmentId', { type: () => ID, nullable: true }) shipmentId: string | undefined,
    @Args('lotId', { type: () => ID, nullable: true }) lotId: string | undefined,
    @Context() context: GraphqlContext,
  ): Promise<RecycledCreditClaimModel[]> {
    callerOf(context);
    return (
      await this.massBalance.claims({ shipmentId: shipmentId ?? undefined, lotId: lotId ?? undefined })
    ).map(claimModel);
  }

  @Roles('operator', 'admin')
  @Mutation(() => [CreditLedgerEntryModel], {
    description:
      "Deposits the period's credits per element and category (once per period; overlapping periods refused); answers the period's deposits",
  })
  async depositMassBalanceCredits(
    @Args('from', { type: () => GraphQLISODateTime }) from: Date,
    @Args('to', { type: () => GraphQLISODateTime }) to: Date,
    @Args('elements', { type: () => [String] }) elements: string[],
    @Context() context: GraphqlContext,
  ): Promise<CreditLedgerEntryModel[]> {
    const principal = callerOf(context);
    return (await this.massBalance.deposit(principal, from, to, elements)).map(entryModel);
  }

  @Roles('sales', 'admin')
  @Mutation(() => RecycledCreditClaimModel, {
    description:
      'Withdraws credits for a shipped lot (shipmentId, and lotId when the shipment has several) or a lot; refused beyond the balance, beyond the element mass it backs, or a second time for the same shipment, lot and element; the same idempotency key answers the first claim',
  })
  async claimRecycledCredits(
    @Args('lotId', { type: () => ID, nullable: true }) lotId: string | undefined,
    @Args('shipmentId', { type: () => ID, nullable: true }) shipmentId: string | undefined,
    @Args('element') element: string,
    @Args('category', { description: 'POST_CONSUMER or PRE_CONSUMER' }) category: string,
    @Args('kg', { description: 'kg, decimal text, at most 6 places' }) kg: string,
    @Args('idempotencyKey', { type: () => String, nullable: true }) idempotencyKey: string | undefined,
    @Context() context: GraphqlContext,
  ): Promise<RecycledCreditClaimModel> {
    const principal = callerOf(context);
    return claimModel(
      await this.massBalance.claim(principal, {
        lotId: lotId ?? undefined,
        shipmentId: shipmentId ?? undefined,
        element,
        category,
        kg,
        idempotencyKey: idempotencyKey ?? undefined,
      }),
    );
  }
}

function ratOf(text: string) {
  return Rational.fromDecimal(text);
}
