import { parseDecimal, toPlainString } from '@rre/quantities';
import Decimal from 'decimal.js';
import { SALES_DESK } from '../plant/plant-actors';
import type { SeededRandom } from '../random/seeded-random';
import type { LedgerLot, LedgerSalesLot } from './plant-ledger';
import { type PlanValue, ref } from './planned-request';
import type { PlanContext } from './service-run';

/** What sales sells, by catalogue code: the element, its mass share in the pure substance, and the list price (JPY per kg). */
const PRODUCTS = {
  'TB-METAL': { element: 'Tb', share: '1', listPricePerKg: '210000', standard: 'METAL' },
  'DY-METAL': { element: 'Dy', share: '1', listPricePerKg: '55000', standard: 'METAL' },
  TB4O7: { element: 'Tb', share: '0.8502155458', listPricePerKg: '150000', standard: 'OXIDE' },
  DY2O3: { element: 'Dy', share: '0.8713206809', listPricePerKg: '38000', standard: 'OXIDE' },
} as const;
type ProductCode = keyof typeof PRODUCTS;
const PRODUCT_CODES = Object.keys(PRODUCTS) as ProductCode[];
/**
 * The grade every order asks for: distilled metal of 97.5-99.9 % meets 97 %, calcined oxide of
 * 98.9-99.9 % meets 98 %. The 4N grade (99.99 %), which no lot of the plant meets, is asked for
 * only by the injected GRADE_NOT_MET orders.
 */
const GRADES = {
  METAL: { name: '97', minPurity: '0.97' },
  OXIDE: { name: '98', minPurity: '0.98' },
  FOUR_NINES: { name: '4N', minPurity: '0.9999' },
} as const;
/** Customers order and are allocated whole 100 g: what is left of a lot stays in sales' stock. */
const ORDER_PLACES = 1;
/** The injected over-allocation asks this much more than the lot has. */
const OVERALLOCATION_KG = '0.5';

/** Magnet makers buying Tb and Dy metal for grain-boundary diffusion and sintering. */
const CUSTOMERS = [
  {
    slug: 'chubu-magnet-works',
    legalName: 'Chubu Magnet Works K.K.',
    country: 'JP',
    site: { name: 'Sintering plant', address: 'Kasugai, Aichi', country: 'JP' },
  },
  {
    slug: 'kyushu-ev-magnetics',
    legalName: 'Kyushu EV Magnetics Co., Ltd.',
    country: 'JP',
    site: { name: 'Grain-boundary diffusion line', address: 'Kitakyushu, Fukuoka', country: 'JP' },
  },
  {
    slug: 'rhein-magnettechnik',
    legalName: 'Rhein Magnettechnik GmbH',
    country: 'DE',
    site: { name: 'Werk Duisburg', address: 'Duisburg', country: 'DE' },
  },
] as const;

const CARRIERS = ['Nippon Express', 'Yamato Transport'] as const;

/** The catalogue product a lot is sold as: Tb or Dy metal from reduction, Tb4O7 or Dy2O3 from separation. */
export function productOf(lot: LedgerLot): ProductCode {
  if (lot.product === 'OXIDE') return lot.materialKind === 'TB4O7' ? 'TB4O7' : 'DY2O3';
  return lot.ref.includes('TB-METAL') ? 'TB-METAL' : 'DY-METAL';
}

/** Purity as sales computes it from the lot's composition: the element's fraction / its share in the product. */
export function salesPurity(lot: LedgerLot): Decimal {
  const product = PRODUCTS[productOf(lot)];
  const fraction = lot.composition.get(product.element)?.fraction ?? parseDecimal('0');
  return fraction.dividedBy(product.share);
}

/**
 * The sales desk's day: it accepts the metal reduction offered and the oxides separation offered,
 * enters one order of a magnet maker (customers take turns) with a line per product offered that
 * day, allocates each lot to its line (whole 100 g; the rest stays in stock) and ships the order,
 * one drum per lot; sales issues the shipment's passport. The first day with a product to sell
 * defines the grades and registers the customers.
 */
export class SalesStage {
  private started = false;
  private orders = 0;
  private readonly grades = new Set<string>();

  constructor(
    private readonly ctx: PlanContext,
    private readonly random: SeededRandom,
  ) {}

  /** `offered`: the metal lots reduction and the oxide lots separation offered to sales today. */
  planDay(day: number, offered: readonly LedgerLot[]): void {
    if (offered.length === 0) return;
    if (!this.started) this.start(day);
    const accepted = offered.map((lot) => this.accept(day, lot));
    this.order(day, accepted);
  }

  private gradeCode(grade: keyof typeof GRADES): string {
    return `${GRADES[grade].name}-${this.ctx.tag}`;
  }

  /** Defines a grade of a product (once). */
  private defineGrade(day: number, productCode: ProductCode, grade: keyof typeof GRADES): void {
    const code = this.gradeCode(grade);
    if (this.grades.has(`${productCode}/${code}`)) return;
    this.grades.add(`${productCode}/${code}`);
    this.ctx.add(
      day,
      SALES_DESK,
      'salesDefineGrade',
      {
        input: {
          productCode,
          gradeCode: code,
          minPurity: GRADES[grade].minPurity,
          maxImpurities: [],
          listPricePerKg: PRODUCTS[productCode].listPricePerKg,
          currency: 'JPY',
        },
      },
      { label: grade === 'FOUR_NINES' ? `grade-${productCode}-4N` : `grade-${productCode}` },
    );
  }

  private start(day: number): void {
    this.started = true;
    for (const productCode of PRODUCT_CODES)
      this.defineGrade(day, productCode, PRODUCTS[productCode].standard);
    for (const customer of CUSTOMERS) {
      this.ctx.add(
        day,
        SALES_DESK,
        'salesRegisterCustomer',
        {
          input: {
            organisationId: `org-${customer.slug}-${this.ctx.tag.toLowerCase()}`,
            legalName: customer.legalName,
            country: customer.country,
            sites: [{ ...customer.site }],
          },
        },
        {
          capture: {
            [`customer:${customer.slug}`]: 'salesRegisterCustomer.ids.0',
            [`site:${customer.slug}`]: 'salesRegisterCustomer.ids.1',
          },
          label: `customer-${customer.slug}`,
        },
      );
    }
  }

  private accept(day: number, offered: LedgerLot): LedgerSalesLot {
    const productCode = productOf(offered);
    const minPurity = GRADES[PRODUCTS[productCode].standard].minPurity;
    if (salesPurity(offered).lessThan(minPurity))
      throw new Error(
        `plan of ${offered.ref}: ${productCode} below the ${minPurity} grade every order asks for`,
      );
    this.ctx.add(
      day,
      SALES_DESK,
      'salesAcceptLot',
      { input: { lotId: ref(offered.ref), productCode } },
      {
        label: `sales-accept-${offered.ref.slice(4)}`,
        waitFor: [
          {
            service: 'sales',
            lot: ref(offered.ref),
            custody: 'OFFERED',
            remainingKg: toPlainString(offered.massKg),
          },
        ],
      },
    );
    if (offered.product !== 'OXIDE')
      this.ctx.settleLater({ service: 'reduction', lot: ref(offered.ref), custody: 'HANDED_OVER' });
    const lot: LedgerSalesLot = {
      lotRef: offered.ref,
      productCode,
      massKg: offered.massKg,
      shippedKg: parseDecimal('0'),
      purity: salesPurity(offered),
    };
    this.ctx.ledger.salesLots.set(offered.ref, lot);
    return lot;
  }

  /**
   * The injected GRADE_NOT_MET: the customer's buyer asks for 4N (99.99 %) and the desk allocates
   * the day's lot to it; sales must refuse (`GRADE_NOT_MET`), and the desk cancels that order.
   */
  private orderBeyondGrade(
    day: number,
    number: number,
    customer: (typeof CUSTOMERS)[number],
    lot: LedgerSalesLot,
    massKg: Decimal,
  ): void {
    const productCode = lot.productCode as ProductCode;
    this.defineGrade(day, productCode, 'FOUR_NINES');
    const orderRef = `order:${number}-4N`;
    const lineRef = `line:${number}-4N`;
    this.ctx.add(
      day,
      SALES_DESK,
      'salesPlaceOrder',
      {
        input: {
          customerId: ref(`customer:${customer.slug}`),
          deliverySiteId: ref(`site:${customer.slug}`),
          currency: 'JPY',
          customerReference: `PO-${this.ctx.tag}-${number}-4N`,
          lines: [
            {
              productCode,
              gradeCode: this.gradeCode('FOUR_NINES'),
              quantityKg: toPlainString(massKg),
              requestedDate: this.ctx.at(day + 30, 0, 0).slice(0, 10),
            },
          ],
        },
      },
      {
        capture: { [orderRef]: 'salesPlaceOrder.ids.0', [lineRef]: 'salesPlaceOrder.ids.1' },
        label: `order-${number}-4N`,
        note: `4N order of ${customer.legalName}`,
      },
    );
    this.ctx.add(
      day,
      SALES_DESK,
      'salesAllocate',
      { input: { orderLineId: ref(lineRef), lotId: ref(lot.lotRef), massKg: toPlainString(massKg) } },
      {
        expect: { outcome: 'refused', code: 'GRADE_NOT_MET' },
        fault: 'GRADE_NOT_MET',
        label: `allocate-${number}-4N-${lot.lotRef.slice(4)}`,
      },
    );
    this.ctx.add(
      day,
      SALES_DESK,
      'salesCancelOrder',
      { orderId: ref(orderRef), reason: 'no lot in stock meets 99.99 %; the buyer takes the standard grade' },
      { label: `cancel-${number}-4N` },
    );
  }

  private order(day: number, lots: readonly LedgerSalesLot[]): void {
    const number = ++this.orders;
    const customer = CUSTOMERS[(number - 1) % CUSTOMERS.length] ?? CUSTOMERS[0];
    const random = this.random.fork(`order-${number}`);
    const allocations = lots
      .map((lot) => ({ lot, massKg: lot.massKg.toDecimalPlaces(ORDER_PLACES, Decimal.ROUND_DOWN) }))
      .filter((a) => a.massKg.greaterThan(0));
    const products = PRODUCT_CODES.filter((code) => allocations.some((a) => a.lot.productCode === code));
    if (products.length === 0) return;
    const first = allocations[0];
    const fourNines = GRADES.FOUR_NINES.minPurity;
    if (
      first &&
      first.lot.purity.lessThan(fourNines) &&
      this.ctx.fault('GRADE_NOT_MET', this.random.fork(`order-${number}/grade`))
    )
      this.orderBeyondGrade(day, number, customer, first.lot, first.massKg);
    const orderRef = `order:${number}`;
    const lineRef = (code: string) => `line:${number}-${code}`;
    const requested = this.ctx.at(day + 30, 0, 0).slice(0, 10);
    this.ctx.add(
      day,
      SALES_DESK,
      'salesPlaceOrder',
      {
        input: {
          customerId: ref(`customer:${customer.slug}`),
          deliverySiteId: ref(`site:${customer.slug}`),
          currency: 'JPY',
          customerReference: `PO-${this.ctx.tag}-${number}`,
          lines: products.map((code) => ({
            productCode: code,
            gradeCode: this.gradeCode(PRODUCTS[code].standard),
            quantityKg: toPlainString(
              allocations
                .filter((a) => a.lot.productCode === code)
                .reduce((sum, a) => sum.plus(a.massKg), parseDecimal('0')),
            ),
            requestedDate: requested,
          })),
        },
      },
      {
        capture: {
          [orderRef]: 'salesPlaceOrder.ids.0',
          ...Object.fromEntries(products.map((code, i) => [lineRef(code), `salesPlaceOrder.ids.${i + 1}`])),
        },
        label: `order-${number}`,
        note: `order of ${customer.legalName}`,
      },
    );
    for (const [i, { lot, massKg }] of allocations.entries()) {
      const allocate = (mass: Decimal): { [key: string]: PlanValue } => ({
        input: {
          orderLineId: ref(lineRef(lot.productCode)),
          lotId: ref(lot.lotRef),
          massKg: toPlainString(mass),
        },
      });
      // The desk keys in the lot's full mass and a bit more than remains: sales must refuse it.
      if (i === 0 && this.ctx.fault('OVERALLOCATION', random)) {
        this.ctx.add(day, SALES_DESK, 'salesAllocate', allocate(lot.massKg.plus(OVERALLOCATION_KG)), {
          expect: { outcome: 'refused', code: 'MORE_THAN_REMAINS' },
          fault: 'OVERALLOCATION',
          label: `allocate-${number}-${lot.lotRef.slice(4)}-over`,
        });
      }
      this.ctx.add(day, SALES_DESK, 'salesAllocate', allocate(massKg), {
        label: `allocate-${number}-${lot.lotRef.slice(4)}`,
      });
    }
    const shipmentRef = `shipment:${number}`;
    const passportRef = `passport:${number}`;
    this.ctx.add(
      day,
      SALES_DESK,
      'salesShip',
      {
        input: {
          orderId: ref(orderRef),
          carrier: CARRIERS[(number - 1) % CARRIERS.length] ?? CARRIERS[0],
          trackingNumber: `TRK-${this.ctx.tag}-${number}`,
          shippedAt: this.ctx.at(day, 8, 30),
          containers: allocations.map(({ lot, massKg }, i) => ({
            containerId: `DRUM-${this.ctx.tag}-${number}-${i + 1}`,
            lotId: ref(lot.lotRef),
            netMassKg: toPlainString(massKg),
          })),
        },
      },
      {
        capture: { [shipmentRef]: 'salesShip.ids.0', [passportRef]: 'salesShip.ids.1' },
        label: `ship-${number}`,
        note: `shipment to ${customer.legalName}`,
      },
    );
    for (const { lot, massKg } of allocations) lot.shippedKg = lot.shippedKg.plus(massKg);
    this.ctx.ledger.shipments.push({
      ref: shipmentRef,
      passportRef,
      orderRef,
      customer: customer.legalName,
      lots: allocations.map(({ lot, massKg }) => ({
        lotRef: lot.lotRef,
        productCode: lot.productCode,
        massKg,
      })),
    });
  }
}
