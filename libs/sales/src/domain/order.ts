/** open -> allocated (every line wholly allocated) -> shipped -> invoiced; cancelled (with a reason) before shipment. */
export const ORDER_STATUSES = ['OPEN', 'ALLOCATED', 'SHIPPED', 'INVOICED', 'CANCELLED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface DeliverySite {
  readonly id: string;
  readonly customerId: string;
  readonly name: string;
  readonly address: string;
  readonly country: string;
}

export interface Customer {
  readonly id: string;
  /** The buyer's organisation id, as its people's tokens carry it. */
  readonly organisationId: string;
  readonly legalName: string;
  readonly country: string;
  readonly sites: readonly DeliverySite[];
}

export interface OrderLine {
  readonly id: string;
  readonly orderId: string;
  readonly lineNumber: number;
  readonly productCode: string;
  readonly gradeCode: string;
  readonly quantityKg: string;
  readonly pricePerKg: string;
  readonly requestedDate: string;
  readonly allocatedKg: string;
  readonly shippedKg: string;
}

export interface Order {
  readonly id: string;
  readonly customerId: string;
  readonly deliverySiteId: string;
  readonly customerReference?: string;
  readonly currency: string;
  readonly status: OrderStatus;
  readonly cancellationReason?: string;
  readonly invoiceNumber?: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly lines: readonly OrderLine[];
}

export interface Allocation {
  readonly id: string;
  readonly orderLineId: string;
  readonly lotId: string;
  readonly massKg: string;
  readonly status: 'ALLOCATED' | 'SHIPPED' | 'RELEASED';
  readonly shipmentId?: string;
  /** The lot's purity as the product when it was allocated (plain fraction). */
  readonly purity: string;
  readonly allocatedAt: Date;
}

/** A product lot sales holds: what of it is allocated and shipped. */
export interface LotStock {
  readonly lotId: string;
  readonly lotCode: string;
  readonly productCode: string;
  readonly custody: string;
  readonly receivedFrom?: string;
  readonly massKg: string;
  readonly allocatedKg: string;
  readonly shippedKg: string;
  readonly availableKg: string;
  readonly composition: Readonly<Record<string, { fraction: string; uncertainty?: string }>>;
  readonly compositionStatus?: string;
}

export interface PackedContainer {
  readonly containerId: string;
  readonly lotId: string;
  readonly netMassKg: string;
  readonly grossMassKg?: string;
}

export interface Shipment {
  readonly id: string;
  readonly orderId: string;
  readonly carrier: string;
  readonly trackingNumber?: string;
  readonly shippedAt: Date;
  readonly netMassKg: string;
  readonly containers: readonly PackedContainer[];
  readonly passportId: string;
  /** Until when the passport (and shipment note) must be kept: issue + the retention, at least 10 years. */
  readonly retainUntil: Date;
}
