import { createHash } from 'node:crypto';
import type { GenealogyLot, GenealogyRun } from '../domain/genealogy';
import { type Gs1IdentifierOptions, lotClassUri } from './gs1-identifiers';

/** The EPCIS 2.0 JSON-LD context the documents name (the copy in ./schema is the same file). */
export const EPCIS_CONTEXT_URI = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';

/** A lot of the trace with when the genealogy first saw it and, when known, its current assay. */
export interface EpcisLot {
  readonly lot: GenealogyLot;
  readonly firstSeenAt: Date;
  /** Set when the lot's current composition is an assay (or a run's measured composition), with its time. */
  readonly assayedAt?: Date;
}

export interface EpcisRun {
  readonly run: GenealogyRun;
  /** The run's completion time; for a run not completed, when the genealogy last heard of it. */
  readonly at: Date;
}

/** A shipment of a traced lot to a customer. */
export interface EpcisShipment {
  readonly shipmentId: string;
  readonly lotId: string;
  readonly massKg: string;
  readonly shippedAt: Date;
  readonly customerOrganisationId?: string;
  /** The delivery site's GLN (13 digits), named as a GS1 Digital Link location. */
  readonly deliverySiteGln?: string;
  /** The sales order, named as a purchase-order business transaction. */
  readonly orderId?: string;
}

export interface EpcisTrace {
  readonly lotId: string;
  readonly lots: readonly EpcisLot[];
  readonly runs: readonly EpcisRun[];
  readonly shipments: readonly EpcisShipment[];
}

export interface EpcisDocumentOptions {
  readonly identifiers: Gs1IdentifierOptions;
  /** Base of the platform's own URIs (runs, organisations, vocabulary), without trailing slash. */
  readonly baseUri: string;
  /** readPoint and bizLocation of every event, e.g. the plant's SGLN URN; none when unset. */
  readonly plantLocation?: string;
  /** Suppliers and customers (owning parties) are named only for callers who may see them. */
  readonly namesParties: boolean;
  readonly creationDate: Date;
}

export type EpcisEvent = Record<string, unknown> & { type: string; eventTime: string };
export interface EpcisDocument {
  readonly '@context': readonly (string | Record<string, string>)[];
  readonly type: 'EPCISDocument';
  readonly schemaVersion: '2.0';
  readonly creationDate: string;
  readonly epcisBody: { readonly eventList: readonly EpcisEvent[] };
  readonly [extension: string]: unknown;
}

const KIND_ORDER = ['registration', 'assay', 'transformation', 'shipping'] as const;
type EventKind = (typeof KIND_ORDER)[number];

/**
 * The EPCIS 2.0 document of a lot's backward trace: an ObjectEvent (ADD) registering each source
 * lot (receiving at intake, commissioning otherwise), an ObjectEvent (OBSERVE, inspecting) for each
 * lot's current assay with one sensor report per element, a TransformationEvent per run with its
 * net takes and outputs in KGM, an ObjectEvent (OBSERVE, shipping) per shipment. EPCIS quantities
 * are JSON numbers: the exact decimal masses and fractions travel beside them in `rre:` fields.
 * Event ids are derived from what they describe, so the same trace gives the same ids.
 */
export function buildEpcisDocument(trace: EpcisTrace, options: EpcisDocumentOptions): EpcisDocument {
  const lotsById = new Map(trace.lots.map((each) => [each.lot.lotId, each.lot]));
  const classOf = (lotId: string) => lotClassUri(options.identifiers, lotsById.get(lotId)?.lotCode || lotId);
  const where = options.plantLocation
    ? { readPoint: { id: options.plantLocation }, bizLocation: { id: options.plantLocation } }
    : {};
  const party = (organisationId: string) =>
    `${options.baseUri}/organisations/${encodeURIComponent(organisationId)}`;
  const events: { kind: EventKind; key: string; event: EpcisEvent }[] = [];
  const add = (kind: EventKind, key: string, at: Date, body: Record<string, unknown>) =>
    events.push({
      kind,
      key,
      event: {
        type: body.type as string,
        eventTime: at.toISOString(),
        eventTimeZoneOffset: '+00:00',
        eventID: eventIdOf(`${kind}:${key}`),
        ...body,
      },
    });

  for (const { lot, firstSeenAt, assayedAt } of trace.lots) {
    if (lot.producedByRunId === undefined) {
      const registeredAtIntake = lot.sourceCategory !== undefined;
      add('registration', lot.lotId, firstSeenAt, {
        type: 'ObjectEvent',
        action: 'ADD',
        quantityList: [quantityOf(classOf(lot.lotId), lot.massKg)],
        bizStep: registeredAtIntake ? 'receiving' : 'commissioning',
        disposition: 'active',
        ...where,
        ...(options.namesParties && lot.supplierOrganisationId
          ? { sourceList: [{ type: 'owning_party', source: party(lot.supplierOrganisationId) }] }
          : {}),
        ilmd: definedOnly({
          'rre:lotId': lot.lotId,
          'rre:sourceCategory': lot.sourceCategory,
          'rre:countryOfOrigin': lot.countryOfOrigin,
          'rre:massKg': lot.massKg,
        }),
      });
    }
    const elements = Object.keys(lot.composition).sort();
    if (assayedAt !== undefined && elements.length > 0) {
      add('assay', lot.lotId, assayedAt, {
        type: 'ObjectEvent',
        action: 'OBSERVE',
        quantityList: [{ epcClass: classOf(lot.lotId) }],
        bizStep: 'inspecting',
        ...where,
        sensorElementList: [
          {
            sensorMetadata: { time: assayedAt.toISOString() },
            sensorReport: elements.map((element) => ({
              type: 'Dimensionless',
              chemicalSubstance: `https://pubchem.ncbi.nlm.nih.gov/element/${element}`,
              value: Number(lot.composition[element]),
              uom: 'C62',
              'rre:element': element,
              'rre:massFraction': lot.composition[element],
            })),
          },
        ],
      });
    }
  }

  for (const { run, at } of trace.runs) {
    if (run.inputs.length === 0 && run.outputs.length === 0) continue;
    add('transformation', run.runId, at, {
      type: 'TransformationEvent',
      ...(run.inputs.length > 0
        ? { inputQuantityList: run.inputs.map((input) => quantityOf(classOf(input.lotId), input.netMassKg)) }
        : {}),
      ...(run.outputs.length > 0
        ? {
            outputQuantityList: run.outputs.map((output) => quantityOf(classOf(output.lotId), output.massKg)),
          }
        : {}),
      transformationID: `${options.baseUri}/runs/${encodeURIComponent(run.runId)}`,
      bizStep: 'commissioning',
      disposition: 'active',
      ...where,
      'rre:run': definedOnly({ runId: run.runId, service: run.service, kind: run.kind, status: run.status }),
      'rre:inputs': run.inputs.map((input) => ({
        lotId: input.lotId,
        role: input.role,
        massKg: input.netMassKg,
      })),
      'rre:outputs': run.outputs.map((output) => ({
        lotId: output.lotId,
        role: output.role,
        massKg: output.massKg,
      })),
      'rre:lossesKg': { ...run.lossesKg },
    });
  }

  for (const shipment of trace.shipments) {
    add('shipping', `${shipment.shipmentId}:${shipment.lotId}`, shipment.shippedAt, {
      type: 'ObjectEvent',
      action: 'OBSERVE',
      quantityList: [quantityOf(classOf(shipment.lotId), shipment.massKg)],
      bizStep: 'shipping',
      disposition: 'in_transit',
      ...where,
      ...(shipment.orderId
        ? {
            bizTransactionList: [
              {
                type: 'po',
                bizTransaction: `${options.baseUri}/orders/${encodeURIComponent(shipment.orderId)}`,
              },
            ],
          }
        : {}),
      ...(options.namesParties ? destinationsOf(shipment, party, options.identifiers.digitalLinkBase) : {}),
      'rre:shipmentId': shipment.shipmentId,
      'rre:massKg': shipment.massKg,
    });
  }

  events.sort(
    (a, b) =>
      compare(a.event.eventTime, b.event.eventTime) ||
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      compare(a.key, b.key),
  );
  return {
    '@context': [EPCIS_CONTEXT_URI, { rre: `${options.baseUri}/voc/` }],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: options.creationDate.toISOString(),
    'rre:tracedLot': classOf(trace.lotId),
    'rre:tracedLotId': trace.lotId,
    epcisBody: { eventList: events.map((each) => each.event) },
  };
}

/** The customer (owning party) and the delivery site (its GLN as a Digital Link location); none without either. */
function destinationsOf(
  shipment: EpcisShipment,
  party: (organisationId: string) => string,
  digitalLinkBase: string,
): Record<string, unknown> {
  const destinations: { type: string; destination: string }[] = [];
  if (shipment.customerOrganisationId)
    destinations.push({ type: 'owning_party', destination: party(shipment.customerOrganisationId) });
  if (shipment.deliverySiteGln && /^\d{13}$/.test(shipment.deliverySiteGln))
    destinations.push({
      type: 'location',
      destination: `${digitalLinkBase}/414/${shipment.deliverySiteGln}`,
    });
  return destinations.length > 0 ? { destinationList: destinations } : {};
}

function quantityOf(epcClass: string, massKg: string | undefined): Record<string, unknown> {
  return massKg === undefined ? { epcClass } : { epcClass, quantity: Number(massKg), uom: 'KGM' };
}

/** A name-based UUID (SHA-256, RFC 9562 version 8) for an event, stable across exports. */
function eventIdOf(key: string): string {
  const hex = createHash('sha256').update(`rre-epcis:${key}`).digest('hex');
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function definedOnly(record: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(record).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
