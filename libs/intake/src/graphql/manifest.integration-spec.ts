import { decodeEventData, IntakeEventTypes, intakeV1 } from '@rre/contracts';
import { IntakeTestApp } from '../test-support/intake-test-app';
import { admin, recyclerA, recyclerB } from '../test-support/intake-callers';
import {
  OVERDUE_MANIFEST_SLIPS,
  RECORD_MANIFEST_REPORT,
  RECORD_MANIFEST_SLIP_RETURN,
  REGISTER_LOT,
  registration,
} from '../test-support/intake-graphql.documents';

jest.setTimeout(120_000);

// Today, in intake's calendar (UTC), is 2026-06-05.
let app: IntakeTestApp;

beforeAll(async () => {
  app = await IntakeTestApp.start({ clock: { now: () => new Date('2026-06-05T03:00:00.000Z') } });
});
afterAll(async () => {
  await app?.stop();
});

const paperManifest = (number: string, overrides: Record<string, unknown> = {}) => ({
  number,
  wasteType: '金属くず',
  form: 'PAPER',
  issuedOn: '2026-03-02',
  ...overrides,
});

async function registerWith(manifest: Record<string, unknown> | undefined, caller = recyclerA) {
  return app.graphql(caller, REGISTER_LOT, { input: registration(manifest ? { manifest } : {}) });
}

describe('industrial-waste manifests', () => {
  let lotId: string;
  let controlledLotId: string;

  it('registers a lot with a paper manifest: B2 and D due 90 days after 2026-03-02 (2026-05-31), E 180 days (2026-08-29)', async () => {
    const answer = await registerWith(paperManifest('A-0012345'));
    expect(answer.errors).toBeUndefined();
    const lot = answer.data.registerLot.lot;
    lotId = lot.id;
    expect(lot.manifest).toEqual(
      expect.objectContaining({
        number: 'A-0012345',
        issuerId: 'org-recycler-a',
        wasteType: '金属くず',
        form: 'PAPER',
        speciallyControlled: false,
        issuedOn: '2026-03-02',
        reports: [],
      }),
    );
    expect(lot.manifest.slips).toEqual([
      { slip: 'B2', dueOn: '2026-05-31', returnedOn: null, overdue: true },
      { slip: 'D', dueOn: '2026-05-31', returnedOn: null, overdue: true },
      { slip: 'E', dueOn: '2026-08-29', returnedOn: null, overdue: false },
    ]);
    const [registered] = await app.outboxOf(lotId);
    expect(decodeEventData(IntakeEventTypes.LotRegistered, registered.data).wasteManifestNumber).toBe(
      'A-0012345',
    );
  });

  it('gives specially controlled waste 60 days: B2 and D due 2026-05-01', async () => {
    const answer = await registerWith(paperManifest('SC-77', { speciallyControlled: true }));
    controlledLotId = answer.data.registerLot.lot.id;
    expect(answer.data.registerLot.lot.manifest.slips.map((slip: any) => slip.dueOn)).toEqual([
      '2026-05-01',
      '2026-05-01',
      '2026-08-29',
    ]);
  });

  it('refuses the same manifest number from the same issuer, changing nothing; another issuer may use it', async () => {
    const before = await app.rowCounts();
    const duplicate = await registerWith(paperManifest('A-0012345'));
    expect(duplicate.errors?.[0].extensions).toEqual(
      expect.objectContaining({
        code: 'DUPLICATE_MANIFEST',
        field: 'manifest.number',
        value: 'A-0012345',
        retryable: false,
      }),
    );
    expect(await app.rowCounts()).toEqual(before);
    const otherIssuer = await registerWith(paperManifest('A-0012345'), recyclerB);
    expect(otherIssuer.errors).toBeUndefined();
  });

  it('records a returned slip once; lists slips still out past their due date', async () => {
    const returned = await app.graphql(recyclerA, RECORD_MANIFEST_SLIP_RETURN, {
      input: { lotId, slip: 'B2', returnedOn: '2026-05-20' },
    });
    expect(returned.errors).toBeUndefined();
    expect(returned.data.recordManifestSlipReturn.lot.manifest.slips[0]).toEqual({
      slip: 'B2',
      dueOn: '2026-05-31',
      returnedOn: '2026-05-20',
      overdue: false,
    });
    const again = await app.graphql(recyclerA, RECORD_MANIFEST_SLIP_RETURN, {
      input: { lotId, slip: 'B2', returnedOn: '2026-05-21' },
    });
    expect(again.errors?.[0].extensions?.code).toBe('INVALID_STATUS');
    const events = await app.outboxOf(lotId);
    expect(events.map((event) => event.type)).toEqual([
      IntakeEventTypes.LotRegistered,
      IntakeEventTypes.LotManifestSlipReturned,
    ]);
    const slipReturned = decodeEventData(IntakeEventTypes.LotManifestSlipReturned, events[1].data);
    expect({ ...slipReturned, $typeName: undefined, lot: slipReturned.lot?.lotId }).toEqual({
      $typeName: undefined,
      lot: lotId,
      manifestNumber: 'A-0012345',
      issuerId: 'org-recycler-a',
      slip: intakeV1.ManifestSlip.B2,
      dueOn: '2026-05-31',
      returnedOn: '2026-05-20',
      late: false,
    });
    expect([events[1].sequence, events[1].attributes.actorsub]).toEqual(['2', 'usr-recycler-a1']);

    const overdue = (await app.graphql(admin, OVERDUE_MANIFEST_SLIPS, {})).data.overdueManifestSlips;
    expect(overdue.asOf).toBe('2026-06-05');
    const ofA = overdue.slips.filter((slip: any) => slip.organisationId === 'org-recycler-a');
    expect(ofA.map((slip: any) => [slip.lotId, slip.slip, slip.dueOn, slip.daysOverdue])).toEqual([
      [controlledLotId, 'B2', '2026-05-01', 35],
      [controlledLotId, 'D', '2026-05-01', 35],
      [lotId, 'D', '2026-05-31', 5],
    ]);
    const asOfMay = (await app.graphql(admin, OVERDUE_MANIFEST_SLIPS, { asOf: '2026-05-15' })).data
      .overdueManifestSlips;
    expect(asOfMay.slips.map((slip: any) => slip.slip)).toEqual(['B2', 'D']);
    const ownOnly = (await app.graphql(recyclerB, OVERDUE_MANIFEST_SLIPS, {})).data.overdueManifestSlips
      .slips;
    expect(new Set(ownOnly.map((slip: any) => slip.organisationId))).toEqual(new Set(['org-recycler-b']));
  });

  it("records the plant's disposal report: completed 2026-03-10, due 10 days later (2026-03-20), sent 2026-03-25: late", async () => {
    const answer = await app.graphql(admin, RECORD_MANIFEST_REPORT, {
      input: { lotId, kind: 'DISPOSAL_COMPLETED', completedOn: '2026-03-10', sentOn: '2026-03-25' },
    });
    expect(answer.errors).toBeUndefined();
    expect(answer.data.recordManifestReport.lot.manifest.reports).toEqual([
      {
        kind: 'DISPOSAL_COMPLETED',
        completedOn: '2026-03-10',
        dueOn: '2026-03-20',
        sentOn: '2026-03-25',
        late: true,
      },
    ]);
    const events = await app.outboxOf(lotId);
    expect(events.map((event) => event.type)).toEqual([
      IntakeEventTypes.LotRegistered,
      IntakeEventTypes.LotManifestSlipReturned,
      IntakeEventTypes.LotManifestReportRecorded,
    ]);
    const report = decodeEventData(IntakeEventTypes.LotManifestReportRecorded, events[2].data);
    expect(report.reportId).toBe(answer.data.recordManifestReport.recordIds[0]);
    expect([
      report.manifestNumber,
      report.kind,
      report.completedOn,
      report.dueOn,
      report.sentOn,
      report.late,
    ]).toEqual([
      'A-0012345',
      intakeV1.ManifestReportKind.DISPOSAL_COMPLETED,
      '2026-03-10',
      '2026-03-20',
      '2026-03-25',
      true,
    ]);
    const recycler = await app.graphql(recyclerA, RECORD_MANIFEST_REPORT, {
      input: { lotId, kind: 'TRANSPORT_COMPLETED', completedOn: '2026-03-03', sentOn: '2026-03-04' },
    });
    expect(recycler.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses paperwork for a lot without a manifest, a date in the future, and an electronic number that is not 11 digits', async () => {
    const plain = (await registerWith(undefined)).data.registerLot.lot;
    expect(plain.manifest).toBeNull();
    const before = await app.rowCounts();
    const none = await app.graphql(recyclerA, RECORD_MANIFEST_SLIP_RETURN, {
      input: { lotId: plain.id, slip: 'D', returnedOn: '2026-05-20' },
    });
    expect(none.errors?.[0].extensions?.code).toBe('NO_MANIFEST');
    const future = await app.graphql(recyclerA, RECORD_MANIFEST_SLIP_RETURN, {
      input: { lotId, slip: 'E', returnedOn: '2026-07-01' },
    });
    expect(future.errors?.[0].extensions).toEqual(
      expect.objectContaining({
        code: 'INVALID_INPUT',
        field: 'returnedOn',
        rule: 'must be between 2026-03-02 and 2026-06-05',
      }),
    );
    const electronic = await registerWith(paperManifest('12345', { form: 'ELECTRONIC' }));
    expect(electronic.errors?.[0].extensions?.code).toBe('INVALID_INPUT');
    expect(await app.rowCounts()).toEqual(before);
  });
});
