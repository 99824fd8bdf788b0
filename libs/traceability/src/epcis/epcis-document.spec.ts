import type { GenealogyLot, GenealogyRun } from '../domain/genealogy';
import { buildEpcisDocument, type EpcisDocumentOptions, type EpcisTrace } from './epcis-document';
import { epcisSchemaErrors } from './epcis-schema.test-support';
import { DEFAULT_GS1_IDENTIFIERS, gs1CheckDigit, gtin14Of, lotClassUri } from './gs1-identifiers';

const magnet: GenealogyLot = {
  lotId: 'lot-a',
  lotCode: 'L-2026-00042',
  sourceCategory: 'POST_CONSUMER',
  supplierOrganisationId: 'org-recycler-a',
  countryOfOrigin: 'JP',
  massKg: '40',
  composition: { Tb: '0.025', Dy: '0.05' },
};
const concentrate: GenealogyLot = {
  lotId: 'lot-p',
  lotCode: 'CONC-1',
  massKg: '5',
  composition: { Tb: '0.19' },
  producedByRunId: 'run-r',
  outputRole: 'PRODUCT',
};
const residue: GenealogyLot = {
  lotId: 'lot-q',
  lotCode: 'RES-1',
  massKg: '34.9',
  composition: { Tb: '0.0014' },
  producedByRunId: 'run-r',
  outputRole: 'RESIDUE',
};
const run: GenealogyRun = {
  runId: 'run-r',
  service: 'concentration',
  kind: 'LEACHING',
  status: 'COMPLETED',
  inputs: [{ lotId: 'lot-a', role: 'INPUT', netMassKg: '40' }],
  outputs: [
    { lotId: 'lot-p', role: 'PRODUCT', massKg: '5' },
    { lotId: 'lot-q', role: 'RESIDUE', massKg: '34.9' },
  ],
  lossesKg: { Tb: '0.00114' },
};
const trace: EpcisTrace = {
  lotId: 'lot-p',
  lots: [
    {
      lot: magnet,
      firstSeenAt: new Date('2026-11-28T08:00:00Z'),
      assayedAt: new Date('2026-11-28T08:30:00Z'),
    },
    {
      lot: concentrate,
      firstSeenAt: new Date('2026-11-28T12:00:00Z'),
      assayedAt: new Date('2026-11-28T12:00:00Z'),
    },
    { lot: residue, firstSeenAt: new Date('2026-11-28T12:00:00Z') },
  ],
  runs: [{ run, at: new Date('2026-11-28T12:00:00Z') }],
  shipments: [
    {
      shipmentId: 'shp-1',
      lotId: 'lot-p',
      massKg: '5',
      shippedAt: new Date('2026-11-30T09:00:00Z'),
      customerOrganisationId: 'org-magnet-maker',
      deliverySiteGln: '4012345000009',
      orderId: 'ord-7',
    },
  ],
};
const options: EpcisDocumentOptions = {
  identifiers: DEFAULT_GS1_IDENTIFIERS,
  baseUri: 'https://rre.example.org/epcis',
  plantLocation: 'urn:epc:id:sgln:0614141.00001.0',
  namesParties: true,
  creationDate: new Date('2026-12-01T00:00:00Z'),
};

describe('GS1 identifiers of lots', () => {
  it('names a lot by LGTIN class URN or GS1 Digital Link, with the GTIN check digit', () => {
    // GS1's own example GTIN 09506000134352: check digit 2 (weights 3, 1, ... from the right: 78).
    expect(gs1CheckDigit('0950600013435')).toBe('2');
    // Indicator 0, prefix 0614141, item 12345: 0061414112345, weighted sum 78, check digit 2.
    expect(gtin14Of(DEFAULT_GS1_IDENTIFIERS)).toBe('00614141123452');
    expect(lotClassUri(DEFAULT_GS1_IDENTIFIERS, 'L-2026/42')).toBe(
      'urn:epc:class:lgtin:0614141.012345.L-2026%2F42',
    );
    expect(lotClassUri({ ...DEFAULT_GS1_IDENTIFIERS, style: 'DIGITAL_LINK' }, 'CONC-1')).toBe(
      'https://id.gs1.org/01/00614141123452/10/CONC-1',
    );
  });
});

describe('buildEpcisDocument', () => {
  const document = buildEpcisDocument(trace, options);
  const events = document.epcisBody.eventList;

  it('validates against the official EPCIS 2.0 JSON Schema', () => {
    const errors = epcisSchemaErrors(document);
    if (errors.length > 0) console.error(JSON.stringify(errors, null, 2));
    expect(errors).toEqual([]);
  });

  it('has a registration, two assays, a transformation and a shipment, in time order', () => {
    expect(events.map((e) => [e.type, e.action ?? null, e.bizStep, e.eventTime])).toEqual([
      ['ObjectEvent', 'ADD', 'receiving', '2026-11-28T08:00:00.000Z'],
      ['ObjectEvent', 'OBSERVE', 'inspecting', '2026-11-28T08:30:00.000Z'],
      ['ObjectEvent', 'OBSERVE', 'inspecting', '2026-11-28T12:00:00.000Z'],
      ['TransformationEvent', null, 'commissioning', '2026-11-28T12:00:00.000Z'],
      ['ObjectEvent', 'OBSERVE', 'shipping', '2026-11-30T09:00:00.000Z'],
    ]);
  });

  it('states the run in KGM, with the exact masses and losses beside the numbers', () => {
    const transformation = events[3] as Record<string, unknown>;
    expect(transformation.inputQuantityList).toEqual([
      { epcClass: 'urn:epc:class:lgtin:0614141.012345.L-2026-00042', quantity: 40, uom: 'KGM' },
    ]);
    expect(transformation.outputQuantityList).toEqual([
      { epcClass: 'urn:epc:class:lgtin:0614141.012345.CONC-1', quantity: 5, uom: 'KGM' },
      { epcClass: 'urn:epc:class:lgtin:0614141.012345.RES-1', quantity: 34.9, uom: 'KGM' },
    ]);
    expect(transformation.transformationID).toBe('https://rre.example.org/epcis/runs/run-r');
    expect(transformation['rre:lossesKg']).toEqual({ Tb: '0.00114' });
  });

  it('reports each assayed element as a sensor report with its exact fraction', () => {
    const assay = events[1] as unknown as {
      sensorElementList: { sensorReport: Record<string, unknown>[] }[];
    };
    expect(
      assay.sensorElementList[0]?.sensorReport.map((r) => [r['rre:element'], r.value, r['rre:massFraction']]),
    ).toEqual([
      ['Dy', 0.05, '0.05'],
      ['Tb', 0.025, '0.025'],
    ]);
  });

  it('names the supplier and the customer only when the caller may see them', () => {
    expect((events[0] as Record<string, unknown>).sourceList).toEqual([
      { type: 'owning_party', source: 'https://rre.example.org/epcis/organisations/org-recycler-a' },
    ]);
    const shipping = events[4] as Record<string, unknown>;
    expect(shipping.destinationList).toEqual([
      { type: 'owning_party', destination: 'https://rre.example.org/epcis/organisations/org-magnet-maker' },
      { type: 'location', destination: 'https://id.gs1.org/414/4012345000009' },
    ]);
    expect(shipping.bizTransactionList).toEqual([
      { type: 'po', bizTransaction: 'https://rre.example.org/epcis/orders/ord-7' },
    ]);
    const hidden = buildEpcisDocument(trace, { ...options, namesParties: false });
    expect(hidden.epcisBody.eventList.some((e) => 'sourceList' in e || 'destinationList' in e)).toBe(false);
    expect(epcisSchemaErrors(hidden)).toEqual([]);
  });

  it('gives the same event ids for the same trace, and the schema refuses a broken document', () => {
    expect(buildEpcisDocument(trace, options).epcisBody.eventList.map((e) => e.eventID)).toEqual(
      events.map((e) => e.eventID),
    );
    const broken = {
      ...document,
      epcisBody: { eventList: [{ ...events[3], inputQuantityList: [{ quantity: 1 }] }] },
    };
    expect(epcisSchemaErrors(broken).length).toBeGreaterThan(0);
  });
});
