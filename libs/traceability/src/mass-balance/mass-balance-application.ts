import { createHash, randomUUID } from 'node:crypto';
import type { Principal } from '@rre/auth';
import { canonicalJson } from '@rre/idempotency';
import { inTransaction } from '@rre/persistence';
import { isElementSymbol } from '@rre/quantities';
import type { DataSource } from 'typeorm';
import type { ContentCategory } from '../domain/content-category';
import { Rational } from '../domain/rational';
import { TraceabilityError } from '../domain/traceability-error';
import { ReconciliationQueries } from '../reconciliation/reconciliation-queries';
import { type ClaimDraw, type CreditEntry, CreditLedgerStore } from './credit-ledger.store';
import { MassBalanceFactsStore } from './mass-balance-facts.store';
import {
  chainOfCustodyModelOf,
  CREDIT_CATEGORIES,
  type ElementPeriodBalance,
  elementPeriodBalance,
  kgText,
  MASS_BALANCE_METHOD_VERSION,
  type MassBalanceMethod,
  periodText,
  RECYCLED_CATEGORIES,
} from './mass-balance-period';

export interface MassBalancePeriod {
  readonly from: Date;
  readonly to: Date;
  readonly method: MassBalanceMethod;
  readonly methodVersion: string;
  readonly chainOfCustodyModel: string;
  readonly elements: readonly ElementPeriodBalance[];
  /** Credit method: per element, what was deposited for exactly this period, claims made in it, balances now. */
  readonly credit?: ReadonlyMap<string, ElementCreditPosition>;
}

export interface ElementCreditPosition {
  readonly deposited: boolean;
  readonly claimedKg: ReadonlyMap<ContentCategory, string>;
  readonly balanceKg: ReadonlyMap<ContentCategory, string>;
}

export interface ClaimRequest {
  readonly lotId?: string;
  readonly shipmentId?: string;
  readonly element: string;
  readonly category: string;
  readonly kg: string;
  readonly idempotencyKey?: string;
}

/** A claim with the deposits it drew on: the "mass balance: credit method" statement of a shipped lot. */
export interface CreditClaim {
  readonly entry: CreditEntry;
  readonly draws: readonly ClaimDraw[];
  readonly chainOfCustodyModel: string;
  /** True when the answer is an earlier claim with the same idempotency key (nothing withdrawn again). */
  readonly replayed: boolean;
}

const KG_TEXT = /^\d+(\.\d{1,6})?$/;

/**
 * The plant-level mass balance over a period (rolling-average and credit methods) and the credit
 * ledger: deposits per period, claims that withdraw, a balance the database keeps non-negative.
 */
export class MassBalanceApplication {
  private readonly facts = new MassBalanceFactsStore();
  private readonly ledger = new CreditLedgerStore();
  private readonly reconciliation: ReconciliationQueries;

  constructor(private readonly options: { readonly dataSource: DataSource; readonly clock?: () => Date }) {
    this.reconciliation = new ReconciliationQueries(options.dataSource);
  }

  async period(
    from: Date,
    to: Date,
    elements: readonly string[],
    method: MassBalanceMethod,
  ): Promise<MassBalancePeriod> {
    checkPeriod(from, to);
    const wanted = checkedElements(elements);
    const balances = await this.balancesOf(from, to, wanted);
    let credit: Map<string, ElementCreditPosition> | undefined;
    if (method === 'CREDIT') {
      credit = new Map();
      for (const element of wanted) {
        const deposited = (await this.ledger.overlappingPeriods(this.dataSource, element, from, to)).some(
          (period) => period.from.getTime() === from.getTime() && period.to.getTime() === to.getTime(),
        );
        const claimed = new Map<ContentCategory, Rational>();
        for (const claim of await this.ledger.claimsBetween(this.dataSource, element, from, to)) {
          claimed.set(
            claim.category,
            (claimed.get(claim.category) ?? Rational.ZERO).plus(Rational.fromDecimal(claim.kg)),
          );
        }
        const accounts = await this.ledger.balances(this.dataSource, element);
        credit.set(element, {
          deposited,
          claimedKg: new Map(CREDIT_CATEGORIES.map((c) => [c, kgText(claimed.get(c) ?? Rational.ZERO)])),
          balanceKg: new Map(
            CREDIT_CATEGORIES.map((c) => [c, kgText(Rational.fromDecimal(accounts.get(c) ?? '0'))]),
          ),
        });
      }
    }
    return {
      from,
      to,
      method,
      methodVersion: MASS_BALANCE_METHOD_VERSION,
      chainOfCustodyModel: chainOfCustodyModelOf(method, { from, to }),
      elements: balances,
      credit,
    };
  }

  /**
   * Deposits the period's credits per element and category. A period already deposited for an
   * element with the same bounds is answered as it was (nothing deposited again); one that
   * overlaps another deposited period, or has not ended yet, is refused and nothing changes.
   */
  async deposit(
    principal: Principal,
    from: Date,
    to: Date,
    elements: readonly string[],
  ): Promise<CreditEntry[]> {
    checkPeriod(from, to);
    const wanted = checkedElements(elements);
    const now = this.now();
    if (to.getTime() > now.getTime()) {
      throw new TraceabilityError({
        code: 'INVALID_INPUT',
        field: 'to',
        value: to.toISOString(),
        rule: `must not be after now (${now.toISOString()}): a period is deposited once it has ended`,
      });
    }
    const balances = await this.balancesOf(from, to, wanted);
    await inTransaction(this.dataSource, async (manager) => {
      for (const balance of balances) {
        await this.ledger.lockAccounts(manager, balance.element, now);
        const overlapping = await this.ledger.overlappingPeriods(manager, balance.element, from, to);
        const same = overlapping.find(
          (p) => p.from.getTime() === from.getTime() && p.to.getTime() === to.getTime(),
        );
        if (same && overlapping.length === 1) continue;
        if (overlapping.length > 0) {
          throw new TraceabilityError({
            code: 'PERIOD_OVERLAP',
            field: 'from',
            value: periodText({ from, to }),
            rule: `must not overlap a period already deposited for ${balance.element} (${overlapping.map(periodText).join(', ')}): the same input never earns credits twice`,
          });
        }
        await this.ledger.insertPeriod(manager, {
          element: balance.element,
          from,
          to,
          methodVersion: MASS_BALANCE_METHOD_VERSION,
          figures: figuresOf(balance),
          depositedBySubject: principal.subject,
          depositedAt: now,
        });
        for (const category of balance.categories) {
          if (!CREDIT_CATEGORIES.includes(category.category) || !category.creditsKg.isPositive()) continue;
          const kg = kgText(category.creditsKg);
          const after = await this.ledger.move(manager, balance.element, category.category, kg, now);
          await this.ledger.insertEntry(manager, {
            entryId: `MBD-${balance.element}-${category.category}-${from.toISOString()}`,
            element: balance.element,
            category: category.category,
            kind: 'DEPOSIT',
            kg,
            balanceAfterKg: after,
            remainingKg: kg,
            periodFrom: from,
            periodTo: to,
            actorSubject: principal.subject,
            actorOrganisation: principal.organisationId,
            at: now,
          });
        }
      }
    });
    const deposits: CreditEntry[] = [];
    for (const element of wanted) {
      for (const category of CREDIT_CATEGORIES) {
        const entries = await this.ledger.entries(this.dataSource, element, category);
        deposits.push(
          ...entries.filter((e) => e.kind === 'DEPOSIT' && e.periodFrom?.getTime() === from.getTime()),
        );
      }
    }
    return deposits;
  }

  /**
   * Withdraws credits for a shipped lot (or a lot): refused, with nothing changed, beyond the
   * account's balance, beyond the element mass it backs, or when the shipment, lot and element
   * already have a claim; the same idempotency key with the same request answers the first claim.
   */
  async claim(principal: Principal, request: ClaimRequest): Promise<CreditClaim> {
    const element = checkedElements([request.element], 'element')[0];
    const category = request.category as ContentCategory;
    if (!RECYCLED_CATEGORIES.includes(category)) {
      throw new TraceabilityError({
        code: 'INVALID_INPUT',
        field: 'category',
        value: JSON.stringify(request.category),
        rule: `must be one of ${RECYCLED_CATEGORIES.join(', ')}: only recycled content is claimed`,
      });
    }
    if (!KG_TEXT.test(request.kg) || !Rational.fromDecimal(request.kg).isPositive()) {
      throw new TraceabilityError({
        code: 'INVALID_INPUT',
        field: 'kg',
        value: JSON.stringify(request.kg),
        rule: 'must be a positive decimal number of kg with at most 6 places (1 mg)',
      });
    }
    const kg = kgText(Rational.fromDecimal(request.kg));
    const { shipmentId, lotId } = await this.claimTarget(request);
    const requestSha256 = createHash('sha256')
      .update(canonicalJson({ shipmentId, lotId, element, category, kg }))
      .digest('hex');
    if (request.idempotencyKey) {
      const earlier = await this.replayOf(request.idempotencyKey, requestSha256);
      if (earlier) return earlier;
    }
    const available = await this.facts.claimable(this.dataSource, lotId, shipmentId || undefined, element);
    const backs = Rational.fromDecimal((shipmentId ? available.shippedKg : available.lotMassKg) ?? '0').times(
      Rational.fromDecimal(available.fraction ?? '0'),
    );
    const lotElement = Rational.fromDecimal(available.lotMassKg ?? '0').times(
      Rational.fromDecimal(available.fraction ?? '0'),
    );
    const now = this.now();
    const entryId = `MBC-${randomUUID()}`;
    try {
      await inTransaction(this.dataSource, async (manager) => {
        const accounts = await this.ledger.lockAccounts(manager, element, now);
        const claims = await this.ledger.claimsOfLot(manager, lotId, element);
        const duplicate = claims.find((c) => c.shipmentId === shipmentId);
        if (duplicate) {
          throw new TraceabilityError({
            code: 'DUPLICATE_CLAIM',
            field: shipmentId ? 'shipmentId' : 'lotId',
            value: shipmentId ? `${shipmentId} / ${lotId}` : lotId,
            rule: `must not be claimed twice for ${element}: claim ${duplicate.entryId} (${duplicate.kg} kg ${duplicate.category}) already backs it`,
          });
        }
        const wanted = Rational.fromDecimal(kg);
        if (wanted.compare(backs) > 0) {
          throw new TraceabilityError({
            code: 'INVALID_INPUT',
            field: 'kg',
            value: kg,
            rule: `must not exceed the ${element} ${shipmentId ? `shipment ${shipmentId} carried of lot ${lotId}` : `of lot ${lotId}`} (${kgText(backs)} kg)`,
          });
        }
        const claimedOfLot = claims.reduce((sum, c) => sum.plus(Rational.fromDecimal(c.kg)), Rational.ZERO);
        if (claimedOfLot.plus(wanted).compare(lotElement) > 0) {
          throw new TraceabilityError({
            code: 'INVALID_INPUT',
            field: 'kg',
            value: kg,
            rule: `must not take the claims on lot ${lotId} beyond its ${element} (${kgText(lotElement)} kg; ${kgText(claimedOfLot)} kg claimed already)`,
          });
        }
        const balance = Rational.fromDecimal(accounts.get(category) ?? '0');
        if (wanted.compare(balance) > 0) {
          throw new TraceabilityError({
            code: 'INSUFFICIENT_CREDITS',
            field: 'kg',
            value: kg,
            rule: `must not exceed the ${category} ${element} credit balance (${kgText(balance)} kg): the account never goes negative`,
          });
        }
        const after = await this.ledger.move(manager, element, category, `-${kg}`, now);
        await this.ledger.insertEntry(manager, {
          entryId,
          element,
          category,
          kind: 'CLAIM',
          kg,
          balanceAfterKg: after,
          shipmentId,
          lotId,
          idempotencyKey: request.idempotencyKey || undefined,
          requestSha256,
          actorSubject: principal.subject,
          actorOrganisation: principal.organisationId,
          at: now,
        });
        let left = wanted;
        for (const deposit of await this.ledger.undrawnDeposits(manager, element, category)) {
          if (!left.isPositive()) break;
          const remaining = Rational.fromDecimal(deposit.remainingKg ?? '0');
          const take = remaining.compare(left) < 0 ? remaining : left;
          await this.ledger.draw(manager, entryId, deposit, kgText(take));
          left = left.minus(take);
        }
      });
    } catch (error) {
      // Two requests with one key raced past the first look: the unique index let one through.
      if (request.idempotencyKey && isUniqueViolation(error)) {
        const earlier = await this.replayOf(request.idempotencyKey, requestSha256);
        if (earlier) return earlier;
      }
      if (isUniqueViolation(error)) {
        throw new TraceabilityError({
          code: 'DUPLICATE_CLAIM',
          field: shipmentId ? 'shipmentId' : 'lotId',
          value: shipmentId ? `${shipmentId} / ${lotId}` : lotId,
          rule: `must not be claimed twice for ${element}`,
        });
      }
      throw error;
    }
    const [entry] = (await this.ledger.claimsOfLot(this.dataSource, lotId, element)).filter(
      (c) => c.entryId === entryId,
    );
    return this.claimOf(entry, false);
  }

  /** Every entry of an account, oldest first, and its balance. */
  async creditLedger(
    element: string,
    category: string,
  ): Promise<{ entries: CreditEntry[]; balanceKg: string }> {
    const [checked] = checkedElements([element], 'element');
    if (!CREDIT_CATEGORIES.includes(category as ContentCategory)) {
      throw new TraceabilityError({
        code: 'INVALID_INPUT',
        field: 'category',
        value: JSON.stringify(category),
        rule: `must be one of ${CREDIT_CATEGORIES.join(', ')}`,
      });
    }
    const entries = await this.ledger.entries(this.dataSource, checked, category as ContentCategory);
    const balances = await this.ledger.balances(this.dataSource, checked);
    return {
      entries,
      balanceKg: kgText(Rational.fromDecimal(balances.get(category as ContentCategory) ?? '0')),
    };
  }

  /** The claims (mass-balance statements) of a shipment, or of a lot. */
  async claims(query: { shipmentId?: string; lotId?: string }): Promise<CreditClaim[]> {
    const entries = query.shipmentId
      ? (await this.ledger.claimsOfShipment(this.dataSource, query.shipmentId)).filter(
          (e) => !query.lotId || e.lotId === query.lotId,
        )
      : query.lotId
        ? await this.ledger.claimsOfLot(this.dataSource, query.lotId)
        : [];
    return Promise.all(entries.map((entry) => this.claimOf(entry, false)));
  }

  private async claimOf(entry: CreditEntry, replayed: boolean): Promise<CreditClaim> {
    const draws = await this.ledger.draws(this.dataSource, [entry.entryId]);
    const periods = draws.map((draw) => periodText({ from: draw.periodFrom, to: draw.periodTo }));
    return {
      entry,
      draws,
      replayed,
      chainOfCustodyModel: `mass balance: credit method, period ${[...new Set(periods)].join(', ')}`,
    };
  }

  private async replayOf(key: string, requestSha256: string): Promise<CreditClaim | undefined> {
    const earlier = await this.ledger.claimByIdempotencyKey(this.dataSource, key);
    if (!earlier) return undefined;
    if (earlier.requestSha256 !== requestSha256) {
      throw new TraceabilityError({
        code: 'IDEMPOTENCY_KEY_REUSED',
        field: 'idempotencyKey',
        value: key,
        rule: `must name one request only: claim ${earlier.entryId} used it for another shipment, lot, element, category or kg`,
      });
    }
    return this.claimOf(earlier, true);
  }

  /** The shipment ('' for none) and lot a claim backs; a shipment of several lots needs the lot. */
  private async claimTarget(request: ClaimRequest): Promise<{ shipmentId: string; lotId: string }> {
    if (request.shipmentId) {
      const lots = await this.facts.lotsOfShipment(this.dataSource, request.shipmentId);
      if (lots.length === 0) {
        throw new TraceabilityError({
          code: 'UNKNOWN_SHIPMENT',
          field: 'shipmentId',
          value: request.shipmentId,
          rule: 'must be a shipment the traceability service has recorded (sales LotShipped)',
        });
      }
      if (request.lotId && !lots.includes(request.lotId)) {
        throw new TraceabilityError({
          code: 'UNKNOWN_LOT',
          field: 'lotId',
          value: request.lotId,
          rule: `must be a lot of shipment ${request.shipmentId} (${lots.join(', ')})`,
        });
      }
      if (!request.lotId && lots.length > 1) {
        throw new TraceabilityError({
          code: 'INVALID_INPUT',
          field: 'lotId',
          value: 'none',
          rule: `must name one lot of shipment ${request.shipmentId}, which shipped ${lots.join(', ')}`,
        });
      }
      return { shipmentId: request.shipmentId, lotId: request.lotId ?? lots[0] };
    }
    if (!request.lotId) {
      throw new TraceabilityError({
        code: 'INVALID_INPUT',
        field: 'lotId',
        value: 'none',
        rule: 'a claim must name a lot or a shipment',
      });
    }
    const available = await this.facts.claimable(this.dataSource, request.lotId, undefined, request.element);
    if (available.lotMassKg === undefined) {
      throw new TraceabilityError({
        code: 'UNKNOWN_LOT',
        field: 'lotId',
        value: request.lotId,
        rule: 'must be a lot the traceability service knows, with a mass',
      });
    }
    return { shipmentId: '', lotId: request.lotId };
  }

  private async balancesOf(from: Date, to: Date, elements: string[]): Promise<ElementPeriodBalance[]> {
    const inputs = await this.facts.inputs(this.dataSource, from, to, elements);
    const outputs = await this.facts.outputs(this.dataSource, from, to, elements);
    const plant = await this.reconciliation.plant(from, to, elements);
    return elements.map((element) =>
      elementPeriodBalance(
        element,
        inputs.get(element) ?? [],
        Rational.fromDecimal(plant.elements.find((each) => each.element === element)?.lossesKg ?? '0'),
        outputs.get(element) ?? [],
      ),
    );
  }

  private get dataSource(): DataSource {
    return this.options.dataSource;
  }

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }
}

/** What a deposit stands on, kept with the period (figures as text). */
function figuresOf(balance: ElementPeriodBalance): unknown {
  return {
    inputKg: kgText(balance.inputKg),
    runLossesKg: kgText(balance.runLossesKg),
    creditsKg: kgText(balance.creditsKg),
    inputLots: balance.inputLots,
    categories: balance.categories.map((c) => ({
      category: c.category,
      inputKg: kgText(c.inputKg),
      lossesKg: kgText(c.lossesKg),
      creditsKg: kgText(c.creditsKg),
    })),
  };
}

function checkPeriod(from: Date, to: Date): void {
  for (const [field, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (Number.isNaN(value.getTime())) {
      throw new TraceabilityError({
        code: 'INVALID_INPUT',
        field,
        value: String(value),
        rule: 'must be a date-time',
      });
    }
  }
  if (to.getTime() <= from.getTime()) {
    throw new TraceabilityError({
      code: 'INVALID_INPUT',
      field: 'to',
      value: to.toISOString(),
      rule: `must be after from (${from.toISOString()})`,
    });
  }
}

function checkedElements(elements: readonly string[], field = 'elements'): string[] {
  if (elements.length === 0) {
    throw new TraceabilityError({
      code: 'INVALID_INPUT',
      field,
      value: '[]',
      rule: 'must name at least one element',
    });
  }
  for (const element of elements) {
    if (!isElementSymbol(element)) {
      throw new TraceabilityError({
        code: 'INVALID_INPUT',
        field,
        value: JSON.stringify(element),
        rule: 'must be element symbols of the periodic table, such as "Tb" or "Dy"',
      });
    }
  }
  return [...new Set(elements)].sort();
}

function isUniqueViolation(error: unknown): boolean {
  const code =
    (error as { code?: string; driverError?: { code?: string } })?.code ??
    (error as { driverError?: { code?: string } })?.driverError?.code;
  return code === '23505';
}
