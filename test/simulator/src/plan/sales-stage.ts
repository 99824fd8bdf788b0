import { parseDecimal, toPlainString } from '@rre/quantities';
import Decimal from 'decimal.js';
import { SALES_DESK } from '../plant/plant-actors';
import type { SeededRandom } from '../random/seeded-random';
import type { LedgerLot, LedgerSalesLot } from './plant-ledger';
import { type PlanValue, ref } from './planned-request';
import type { PlanContext } from './service-run';

/** The metal products sales sells, by element: catalogue code and list price (JPY per kg). */
const METALS = {
  Tb: { productCode: 'TB-METAL', listPricePerKg: '210000' },
  Dy: { productCode: 'DY-METAL', listPricePerKg: '55000' },
} as const;
/** The grade every order asks for: distilled metal of 97.5-99.9 % meets it. */
const MIN_PURITY = '0.97';
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

function metalOf(lot: LedgerLot): 'Tb' | 'Dy' {
  return lot.ref.includes('TB-METAL') ? 'Tb' : 'Dy';
}

/**
 * The sales desk's day: it accepts the metal reduction offered, enters one order of a magnet maker
 * (customers take turns) with a line per metal made that day, allocates each lot to its line (whole
 * 100 g; the rest stays in stock) and ships the order, one drum per lot; sales issues the
 * shipment's passport. The first day with metal defines the grades and registers the customers.
 */
export class SalesStage {
  private started = false;
  private orders = 0;

  constructor(
    private readonly ctx: PlanContext,
    private readonly random: SeededRandom,
  ) {}

  planDay(day: number, metals: readonly LedgerLot[]): void {
    if (metals.length === 0) return;
    if (!this.started) this.start(day);
    const accepted = metals.map((metal) => this.accept(day, metal));
    this.order(day, accepted);
  }

  private gradeCode(): string {
    return `97-${this.ctx.tag}`;
  }

  private start(day: number): void {
    this.started = true;
    for (const metal of Object.values(METALS)) {
      this.ctx.add(
        day,
        SALES_DESK,
        'salesDefineGrade',
        {
          input: {
            productCode: metal.productCode,
            gradeCode: this.gradeCode(),
            minPurity: MIN_PURITY,
            maxImpurities: [],
            listPricePerKg: metal.listPricePerKg,
            currency: 'JPY',
          },
        },
        { label: `grade-${metal.productCode}` },
      );
    }
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

  private accept(day: number, metal: LedgerLot): LedgerSalesLot {
    const { productCode } = METALS[metalOf(metal)];
    this.ctx.add(
      day,
      SALES_DESK,
      'salesAcceptLot',
      { input: { lotId: ref(metal.ref), productCode } },
      {
        label: `sales-accept-${metal.ref.slice(4)}`,
        waitFor: [
          {
            service: 'sales',
            lot: ref(metal.ref),
            custody: 'OFFERED',
            remainingKg: toPlainString(metal.massKg),
          },
        ],
      },
    );
    this.ctx.settleLater({ service: 'reduction', lot: ref(metal.ref), custody: 'HANDED_OVER' });
    const lot: LedgerSalesLot = {
      lotRef: metal.ref,
      productCode,
      massKg: metal.massKg,
      shippedKg: parseDecimal('0'),
    };
    this.ctx.ledger.salesLots.set(metal.ref, lot);
    return lot;
  }

  private order(day: number, lots: readonly LedgerSalesLot[]): void {
    const number = ++this.orders;
    const customer = CUSTOMERS[(number - 1) % CUSTOMERS.length] ?? CUSTOMERS[0];
    const random = this.random.fork(`order-${number}`);
    const allocations = lots
      .map((lot) => ({ lot, massKg: lot.massKg.toDecimalPlaces(ORDER_PLACES, Decimal.ROUND_DOWN) }))
      .filter((a) => a.massKg.greaterThan(0));
    const products = Object.values(METALS)
      .map((m) => m.productCode)
      .filter((code) => allocations.some((a) => a.lot.productCode === code));
    if (products.length === 0) return;
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
            gradeCode: this.gradeCode(),
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
