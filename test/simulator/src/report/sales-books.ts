import { parseDecimal, toPlainString } from '@rre/quantities';
import type Decimal from 'decimal.js';
import type { PlatformClient } from '../drive/platform-client';
import { AUDITOR } from '../plant/plant-actors';
import type { SalesBooks } from '../plan/plant-ledger';

const SALES_LOTS = '{ salesLots { lotId productCode massKg shippedKg } }';
const SALES_SHIPMENTS = '{ salesShipments { id orderId netMassKg passportId } }';

export interface PlatformShipment {
  readonly id: string;
  readonly orderId: string;
  readonly netMassKg: string;
  readonly passportId: string;
}

export interface SalesReport {
  readonly books: SalesBooks;
  /** The simulated shipments, as sales lists them. */
  readonly shipments: readonly PlatformShipment[];
}

/**
 * What sales reports for the simulated lots and shipments (`simulated`: the ids the platform
 * assigned, `DriveResult.refs`), read as an auditor: per product the mass accepted and shipped,
 * and the shipments with their passports.
 */
export async function readSalesBooks(
  client: PlatformClient,
  simulated: ReadonlySet<string>,
): Promise<SalesReport> {
  const lots = (
    (await client.data(AUDITOR, SALES_LOTS))['salesLots'] as {
      lotId: string;
      productCode: string;
      massKg: string;
      shippedKg: string;
    }[]
  ).filter((l) => simulated.has(l.lotId));
  const shipments = (
    (await client.data(AUDITOR, SALES_SHIPMENTS))['salesShipments'] as PlatformShipment[]
  ).filter((s) => simulated.has(s.id));
  const accepted: Record<string, Decimal> = {};
  const shipped: Record<string, Decimal> = {};
  for (const lot of lots) {
    accepted[lot.productCode] = (accepted[lot.productCode] ?? parseDecimal('0')).plus(
      parseDecimal(lot.massKg),
    );
    shipped[lot.productCode] = (shipped[lot.productCode] ?? parseDecimal('0')).plus(
      parseDecimal(lot.shippedKg),
    );
  }
  const texts = (record: Record<string, Decimal>) =>
    Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((code) => [code, toPlainString(record[code] ?? parseDecimal('0'))]),
    );
  return {
    shipments,
    books: {
      shipments: shipments.length,
      passports: new Set(shipments.map((s) => s.passportId)).size,
      acceptedKg: texts(accepted),
      shippedKg: texts(shipped),
    },
  };
}
