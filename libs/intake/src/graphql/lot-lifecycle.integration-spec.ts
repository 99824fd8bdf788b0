import { decodeEventData, IntakeEventTypes, intakeV1 } from '@rre/contracts';
import { IntakeTestApp } from '../test-support/intake-test-app';
import {
  admin,
  auditor,
  labLead,
  labTech,
  operator,
  recyclerA,
  recyclerB,
} from '../test-support/intake-callers';
import {
  ACCEPT_LOT_TRANSFER,
  assay,
  CORRECT_LOT,
  LOT,
  LOTS,
  RECORD_ASSAY,
  REFUSE_LOT_TRANSFER,
  REGISTER_LOT,
  REJECT_LOT,
  RELEASE_LOT,
  registration,
  SCREEN_LOT,
  TRANSFER_LOT,
} from '../test-support/intake-graphql.documents';

jest.setTimeout(120_000);

const T = IntakeEventTypes;
let app: IntakeTestApp;

beforeAll(async () => {
  app = await IntakeTestApp.start();
});
afterAll(async () => {
  await app?.stop();
});

async function ok(
  caller: Parameters<IntakeTestApp['graphql']>[0],
  query: string,
  variables: Record<string, unknown>,
) {
  const answer = await app.graphql(caller, query, variables);
  expect(answer.errors).toBeUndefined();
  return answer.data;
}

async function register(overrides: Record<string, unknown> = {}, caller = recyclerA) {
  return (await ok(caller, REGISTER_LOT, { input: registration(overrides) })).registerLot.lot;
}

describe('a lot from registration to hand-over, through GraphQL', () => {
  let accepted: any;
  let quarantinedByTh: any;
  let quarantinedBySum: any;

  it('registers lots with a lot code, a GS1 Digital Link, the weighbridge net and no dispute', async () => {
    accepted = await register();
    quarantinedByTh = await register({ declaredMass: { value: '1030', unit: 'KGM' } });
    quarantinedBySum = await register({
      materialKind: 'TAILINGS',
      sourceCategory: 'PRIMARY',
      countryOfOrigin: 'AU',
    });

    expect(accepted.code).toMatch(/^L-\d{4}-00001$/);
    expect(quarantinedByTh.code).toMatch(/^L-\d{4}-00002$/);
    expect(accepted.gs1Identifier).toBe(`https://id.example/01/04012345000016/10/${accepted.code}`);
    expect(quarantinedBySum.gs1Identifier).toBe(
      `https://id.example/01/04012345000078/10/${quarantinedBySum.code}`,
    );
    expect(accepted).toEqual(
      expect.objectContaining({
        status: 'REGISTERED',
        custodian: 'INTAKE',
        organisationId: 'org-recycler-a',
      }),
    );
    expect(accepted.facts.weighing.net).toEqual({ value: '1000', unit: 'KGM' });
    expect(accepted.massCheck.disputed).toBe(false);
    // 1030 kg declared, 1000 kg weighed: 30 / 1030 = 2.9 % > 2 %.
    expect(quarantinedByTh.massCheck.difference).toEqual({ value: '-30', unit: 'KGM' });
    expect(quarantinedByTh.massCheck.disputed).toBe(true);
    expect(accepted.declaredComposition.sum).toEqual({ value: '0.295', unit: 'C62' });
  });

  it('records assays (the lab), makes the first current, and keeps a later check assay beside it', async () => {
    const first = await ok(labTech, RECORD_ASSAY, { input: assay(accepted.id, '40', '80') });
    expect(first.recordAssay.lot.currentAssay.id).toBe(first.recordAssay.recordIds[0]);
    expect(first.recordAssay.lot.currentAssayReason).toBe('initial');
    const check = await ok(labTech, RECORD_ASSAY, {
      input: assay(accepted.id, '41', '79', { reason: 'check assay', makeCurrent: false, method: 'XRF' }),
    });
    expect(check.recordAssay.lot.assays.map((a: any) => [a.method, a.isCurrent])).toEqual([
      ['ICP_OES', true],
      ['XRF', false],
    ]);
    await ok(labTech, RECORD_ASSAY, { input: assay(quarantinedByTh.id, '0', '300') });
    await ok(labTech, RECORD_ASSAY, { input: assay(quarantinedBySum.id, '50', '100') });
  });

  it('screens: U 40 + Th 80 ppm is 0.492 + 0.328 = 0.82 (accepted); Th 300 ppm is 1.23 and U 50 + Th 100 is 1.025 (quarantined)', async () => {
    const a = (await ok(labTech, SCREEN_LOT, { input: { lotId: accepted.id } })).screenLot.lot;
    expect(a.status).toBe('SCREENED_ACCEPTED');
    expect(a.screenings[0]).toEqual(
      expect.objectContaining({
        uraniumPpm: '40',
        thoriumPpm: '80',
        uraniumBqPerG: '0.492',
        thoriumBqPerG: '0.328',
        sumOfRatios: '0.82',
        threshold: '1',
        outcome: 'CLEARED',
        assayId: a.currentAssay.id,
      }),
    );
    const th = (await ok(labTech, SCREEN_LOT, { input: { lotId: quarantinedByTh.id } })).screenLot.lot;
    expect(th.status).toBe('QUARANTINED');
    expect(th.screenings[0]).toEqual(
      expect.objectContaining({ thoriumBqPerG: '1.23', sumOfRatios: '1.23', outcome: 'EXCEEDED' }),
    );
    const sum = (await ok(labTech, SCREEN_LOT, { input: { lotId: quarantinedBySum.id } })).screenLot.lot;
    expect(sum.status).toBe('QUARANTINED');
    expect(sum.screenings[0].sumOfRatios).toBe('1.025');
  });

  it('releases one quarantined lot and rejects the other, each with a reason and the person', async () => {
    const released = (
      await ok(labLead, RELEASE_LOT, {
        input: { lotId: quarantinedByTh.id, reason: 'gamma spectrometry of the whole lot: 0.6 Bq/g' },
      })
    ).releaseLot.lot;
    expect(released.status).toBe('RELEASED');
    expect(released.decisions).toEqual([
      expect.objectContaining({
        kind: 'RELEASE',
        state: 'EFFECTIVE',
        reason: 'gamma spectrometry of the whole lot: 0.6 Bq/g',
        decidedBy: { subject: 'usr-lab-2', organisationId: 'org-plant' },
        approvedBy: null,
      }),
    ]);
    const rejected = (
      await ok(labLead, REJECT_LOT, {
        input: {
          lotId: quarantinedBySum.id,
          reason: 'U and Th together above 1 Bq/g',
          disposition: 'RETURN_TO_SUPPLIER',
        },
      })
    ).rejectLot.lot;
    expect(rejected.status).toBe('REJECTED');
    expect(rejected.decisions[0].disposition).toBe('RETURN_TO_SUPPLIER');
  });

  it('hands the accepted lot to leaching, which accepts it; the released one is refused and comes back', async () => {
    const offered = (await ok(labLead, TRANSFER_LOT, { input: { lotId: accepted.id } })).transferLot;
    expect(offered.lot.status).toBe('TRANSFERRED_OUT');
    expect(offered.lot.transfers[0]).toEqual(
      expect.objectContaining({ route: 'LEACHING', state: 'PENDING', mass: { value: '1000', unit: 'KGM' } }),
    );
    const taken = (await ok(operator, ACCEPT_LOT_TRANSFER, { input: { transferId: offered.recordIds[0] } }))
      .acceptLotTransfer.lot;
    expect(taken.custodian).toBe('CONCENTRATION');
    expect(taken.transfers[0].state).toBe('ACCEPTED');

    const second = (await ok(labLead, TRANSFER_LOT, { input: { lotId: quarantinedByTh.id } })).transferLot;
    const refused = (
      await ok(operator, REFUSE_LOT_TRANSFER, {
        input: { transferId: second.recordIds[0], reason: 'leach line full until Friday' },
      })
    ).refuseLotTransfer.lot;
    expect(refused.status).toBe('RELEASED');
    expect(refused.custodian).toBe('INTAKE');
    expect(refused.transfers[0]).toEqual(
      expect.objectContaining({ state: 'REFUSED', refusalReason: 'leach line full until Friday' }),
    );
  });

  it('after the hand-over a late assay and a correction still go through and are announced; screening does not', async () => {
    await ok(labTech, RECORD_ASSAY, {
      input: assay(accepted.id, '39', '81', { reason: 're-assay after supplier dispute' }),
    });
    const corrected = (
      await ok(recyclerA, CORRECT_LOT, {
        input: {
          lotId: accepted.id,
          reason: 'tare read from the wrong ticket',
          weighing: { gross: { value: '1250.5', unit: 'KGM' }, tare: { value: '260.5', unit: 'KGM' } },
        },
      })
    ).correctLot.lot;
    expect(corrected.facts.weighing.net).toEqual({ value: '990', unit: 'KGM' });
    expect(corrected.registeredFacts.weighing.net).toEqual({ value: '1000', unit: 'KGM' });
    expect(corrected.corrections).toEqual([
      expect.objectContaining({
        field: 'WEIGHING',
        reason: 'tare read from the wrong ticket',
        correctedBy: { subject: 'usr-recycler-a1', organisationId: 'org-recycler-a' },
      }),
    ]);

    const refused = await app.graphql(labTech, SCREEN_LOT, { input: { lotId: accepted.id } });
    expect(refused.errors?.[0].extensions).toEqual(
      expect.objectContaining({ code: 'NOT_IN_CUSTODY', field: 'lotId', retryable: false }),
    );
  });

  it("puts every lot's events in the outbox in order, numbered 1..n, with actor, correlation and causation", async () => {
    const events = await app.outboxOf(accepted.id);
    expect(events.map((e) => e.type)).toEqual([
      T.LotRegistered,
      T.LotAssayed,
      T.LotAssayed,
      T.LotScreened,
      T.LotCustodyTransferred,
      T.LotCustodyAccepted,
      T.LotAssayed,
      T.LotCorrected,
    ]);
    expect(events.map((e) => e.sequence)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    // Each request is its own flow here: the registration's correlation id is its own.
    expect(new Set(events.map((e) => e.attributes.correlationid)).size).toBe(8);
    expect(events.map((e) => e.attributes.actorsub)).toEqual([
      'usr-recycler-a1',
      'usr-lab-1',
      'usr-lab-1',
      'usr-lab-1',
      'usr-lab-2',
      'usr-operator-1',
      'usr-lab-1',
      'usr-recycler-a1',
    ]);
    expect(events[0].attributes).toEqual(
      expect.objectContaining({ actororg: 'org-recycler-a', source: '/rre/intake', specversion: '1.0' }),
    );
    for (const event of events) {
      expect(event.attributes.correlationid).toMatch(/^[0-9A-Z]{26}$/);
      expect(event.attributes.causationid).toMatch(/^[0-9A-Z]{26}$/);
    }

    const registered = decodeEventData(T.LotRegistered, events[0].data);
    expect(registered.lot).toEqual(expect.objectContaining({ lotId: accepted.id, lotCode: accepted.code }));
    expect(registered.weighedNetMass).toEqual(expect.objectContaining({ value: '1000', unitCode: 'KGM' }));
    expect(registered.gs1Identifier).toBe(accepted.gs1Identifier);
    const screened = decodeEventData(T.LotScreened, events[3].data);
    expect([screened.uraniumPpm, screened.thoriumPpm, screened.sumOfRatios, screened.threshold]).toEqual([
      '40',
      '80',
      '0.82',
      '1',
    ]);
    expect(screened.uraniumLimitPpm).toBe('81.300813');
    const late = decodeEventData(T.LotAssayed, events[6].data);
    expect([late.isCurrent, late.reason]).toEqual([true, 're-assay after supplier dispute']);
    const correction = decodeEventData(T.LotCorrected, events[7].data);
    expect(correction).toEqual(
      expect.objectContaining({
        correctsEventId: events[0].event_id,
        correctsEventType: T.LotRegistered,
        field: 'weighed_net_mass',
        oldValue: '{"value":"1000","unitCode":"KGM"}',
        newValue: '{"value":"990","unitCode":"KGM"}',
        reason: 'tare read from the wrong ticket',
      }),
    );

    const th = await app.outboxOf(quarantinedByTh.id);
    expect(th.map((e) => [e.sequence, e.type])).toEqual([
      ['1', T.LotRegistered],
      ['2', T.LotAssayed],
      ['3', T.LotScreened],
      ['4', T.LotQuarantined],
      ['5', T.LotReleased],
      ['6', T.LotCustodyTransferred],
      ['7', T.LotCustodyRefused],
    ]);
    // The automatic quarantine is caused by the screening event of the same request.
    expect(th[3].attributes.causationid).toBe(th[2].event_id);
    expect(th[3].attributes.correlationid).toBe(th[2].attributes.correlationid);
    const quarantine = decodeEventData(T.LotQuarantined, th[3].data);
    expect(quarantine.reason).toBe('radioactivity screening: sum of ratios 1.23 is above the threshold 1');
    expect(quarantine.decidedBy).toBeUndefined();
    const release = decodeEventData(T.LotReleased, th[4].data);
    expect(release.decidedBy).toEqual(
      expect.objectContaining({ subjectId: 'usr-lab-2', organisationId: 'org-plant' }),
    );

    const sum = await app.outboxOf(quarantinedBySum.id);
    expect(sum.map((e) => e.type)).toEqual([
      T.LotRegistered,
      T.LotAssayed,
      T.LotScreened,
      T.LotQuarantined,
      T.LotRejected,
    ]);
  });

  it('lists lots with filters and (receivedAt, id) cursor pages, on the corrected values', async () => {
    await register({ receivedAt: '2026-03-01T08:00:00.000Z' }, recyclerB);
    const all = (await ok(admin, LOTS, { first: 2 })).lots;
    expect(all.edges).toHaveLength(2);
    expect(all.pageInfo.hasNextPage).toBe(true);
    expect(all.edges[0].node.organisationId).toBe('org-recycler-b'); // received a day earlier
    const rest = (await ok(admin, LOTS, { first: 10, after: all.pageInfo.endCursor })).lots;
    expect(rest.edges).toHaveLength(2);
    expect(rest.pageInfo.hasNextPage).toBe(false);
    const ids = [...all.edges, ...rest.edges].map((edge: any) => edge.node.id);
    expect(new Set(ids).size).toBe(4);

    const quarantinedNow = (await ok(labTech, LOTS, { filter: { status: 'REJECTED' } })).lots.edges;
    expect(quarantinedNow.map((edge: any) => edge.node.id)).toEqual([quarantinedBySum.id]);
    const primary = (await ok(labTech, LOTS, { filter: { sourceCategory: 'PRIMARY' } })).lots.edges;
    expect(primary.map((edge: any) => edge.node.id)).toEqual([quarantinedBySum.id]);

    await ok(labTech, CORRECT_LOT, {
      input: {
        lotId: quarantinedBySum.id,
        reason: 'it is process residue, not tailings',
        materialKind: 'PROCESS_RESIDUE',
      },
    });
    expect((await ok(labTech, LOTS, { filter: { materialKind: 'TAILINGS' } })).lots.edges).toEqual([]);
    const residue = (await ok(labTech, LOTS, { filter: { materialKind: 'PROCESS_RESIDUE' } })).lots.edges;
    expect(residue.map((edge: any) => edge.node.facts.materialKind)).toEqual(['PROCESS_RESIDUE']);

    const ownOnly = (await ok(recyclerB, LOTS, {})).lots.edges;
    expect(ownOnly.map((edge: any) => edge.node.organisationId)).toEqual(['org-recycler-b']);
  });

  it("keeps recyclers to their own organisation's lots and auditors to reading", async () => {
    expect((await ok(recyclerB, LOT, { id: accepted.id })).lot).toBeNull();
    expect((await ok(recyclerA, LOT, { id: accepted.id })).lot.code).toBe(accepted.code);
    expect((await ok(auditor, LOT, { id: accepted.id })).lot.code).toBe(accepted.code);
    const forOther = await app.graphql(recyclerB, LOTS, { filter: { organisationId: 'org-recycler-a' } });
    expect(forOther.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const before = await app.rowCounts();
    const attempts = [
      await app.graphql(auditor, REGISTER_LOT, { input: registration() }),
      await app.graphql(recyclerA, RECORD_ASSAY, { input: assay(accepted.id, '1', '1') }),
      await app.graphql(operator, RECORD_ASSAY, { input: assay(accepted.id, '1', '1') }),
      await app.graphql(recyclerB, REGISTER_LOT, {
        input: registration({ organisationId: 'org-recycler-a' }),
      }),
    ];
    expect(attempts.map((answer) => answer.errors?.[0].extensions?.code)).toEqual([
      'FORBIDDEN',
      'FORBIDDEN',
      'FORBIDDEN',
      'FORBIDDEN',
    ]);
    const otherOrganisation = await app.graphql(recyclerB, CORRECT_LOT, {
      input: { lotId: accepted.id, reason: 'x', countryOfOrigin: 'DE' },
    });
    expect(otherOrganisation.errors?.[0].extensions?.code).toBe('UNKNOWN_LOT');
    const anonymous = await app.graphql(undefined, LOT, { id: accepted.id });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(await app.rowCounts()).toEqual(before);
  });
});

describe('four eyes', () => {
  let fourEyes: IntakeTestApp;

  beforeAll(async () => {
    const { DEFAULT_INTAKE_POLICY } = await import('../domain/intake-policy');
    fourEyes = await IntakeTestApp.start({
      policy: { ...DEFAULT_INTAKE_POLICY, decisionsNeedApproval: true },
      database: app.database,
    });
  });
  afterAll(async () => {
    await fourEyes?.stop({ keepDatabase: true });
  });

  it('holds a release until a second, different person approves it; only then is it announced', async () => {
    const call = async (caller: any, query: string, variables: Record<string, unknown>) => {
      const answer = await fourEyes.graphql(caller, query, variables);
      expect(answer.errors).toBeUndefined();
      return answer.data;
    };
    const lot = (await call(recyclerA, REGISTER_LOT, { input: registration() })).registerLot.lot;
    await call(labTech, SCREEN_LOT, { input: { lotId: lot.id, uraniumPpm: '0', thoriumPpm: '300' } });
    const requested = (
      await call(labTech, RELEASE_LOT, { input: { lotId: lot.id, reason: 'sample was contaminated' } })
    ).releaseLot;
    expect(requested.lot.status).toBe('QUARANTINED');
    expect(requested.lot.pendingDecision.id).toBe(requested.recordIds[0]);

    const APPROVE = (await import('../test-support/intake-graphql.documents')).APPROVE_LOT_DECISION;
    const self = await fourEyes.graphql(labTech, APPROVE, { input: { decisionId: requested.recordIds[0] } });
    expect(self.errors?.[0].extensions?.code).toBe('SAME_PERSON_APPROVAL');
    const approved = (await call(labLead, APPROVE, { input: { decisionId: requested.recordIds[0] } }))
      .approveLotDecision.lot;
    expect(approved.status).toBe('RELEASED');
    expect(approved.decisions[0]).toEqual(
      expect.objectContaining({
        state: 'EFFECTIVE',
        decidedBy: expect.objectContaining({ subject: 'usr-lab-1' }),
      }),
    );
    expect(approved.decisions[0].approvedBy).toEqual({ subject: 'usr-lab-2' });
    const events = await fourEyes.outboxOf(lot.id);
    expect(events.map((e) => e.type)).toEqual([
      T.LotRegistered,
      T.LotScreened,
      T.LotQuarantined,
      T.LotDecisionProposed,
      T.LotReleased,
    ]);
    const proposed = decodeEventData(T.LotDecisionProposed, events[3].data);
    expect([proposed.decisionId, proposed.kind, proposed.reason, proposed.proposedBy?.subjectId]).toEqual([
      requested.recordIds[0],
      intakeV1.DecisionKind.RELEASE,
      'sample was contaminated',
      'usr-lab-1',
    ]);
    const released = decodeEventData(T.LotReleased, events[4].data);
    expect([released.decisionId, released.approvedBy?.subjectId]).toEqual([
      requested.recordIds[0],
      'usr-lab-2',
    ]);
  });

  it('lets the proposer or an admin withdraw a pending decision with a reason; then another decision may follow', async () => {
    const { WITHDRAW_LOT_DECISION, APPROVE_LOT_DECISION } =
      await import('../test-support/intake-graphql.documents');
    const call = async (caller: any, query: string, variables: Record<string, unknown>) => {
      const answer = await fourEyes.graphql(caller, query, variables);
      expect(answer.errors).toBeUndefined();
      return answer.data;
    };
    const lot = (await call(recyclerA, REGISTER_LOT, { input: registration() })).registerLot.lot;
    await call(labTech, SCREEN_LOT, { input: { lotId: lot.id, uraniumPpm: '0', thoriumPpm: '300' } });
    const rejection = (
      await call(labTech, REJECT_LOT, {
        input: { lotId: lot.id, reason: 'ferrite, not NdFeB', disposition: 'RETURN_TO_SUPPLIER' },
      })
    ).rejectLot;
    const decisionId = rejection.recordIds[0];

    const before = await fourEyes.rowCounts();
    const byOther = await fourEyes.graphql(labLead, WITHDRAW_LOT_DECISION, {
      input: { decisionId, reason: 'not mine to keep' },
    });
    expect(byOther.errors?.[0].extensions).toEqual(
      expect.objectContaining({
        code: 'FORBIDDEN',
        field: 'decisionId',
        value: decisionId,
        retryable: false,
      }),
    );
    const noReason = await fourEyes.graphql(labTech, WITHDRAW_LOT_DECISION, {
      input: { decisionId, reason: ' ' },
    });
    expect(noReason.errors?.[0].extensions?.code).toBe('REASON_REQUIRED');
    const byRecycler = await fourEyes.graphql(recyclerA, WITHDRAW_LOT_DECISION, {
      input: { decisionId, reason: 'x' },
    });
    expect(byRecycler.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await fourEyes.rowCounts()).toEqual(before);

    const withdrawn = (
      await call(labTech, WITHDRAW_LOT_DECISION, {
        input: { decisionId, reason: 'wrong lot: the ferrite was L-2026-00043' },
        key: 'withdraw-1',
      })
    ).withdrawLotDecision;
    expect(withdrawn.lot.status).toBe('QUARANTINED');
    expect(withdrawn.lot.pendingDecision).toBeNull();
    expect(withdrawn.lot.decisions[0]).toEqual(
      expect.objectContaining({
        id: decisionId,
        state: 'WITHDRAWN',
        withdrawalReason: 'wrong lot: the ferrite was L-2026-00043',
        withdrawnBy: { subject: 'usr-lab-1', organisationId: 'org-plant' },
      }),
    );
    const replay = (
      await call(labTech, WITHDRAW_LOT_DECISION, {
        input: { decisionId, reason: 'wrong lot: the ferrite was L-2026-00043' },
        key: 'withdraw-1',
      })
    ).withdrawLotDecision;
    expect(replay.replayed).toBe(true);
    const approveWithdrawn = await fourEyes.graphql(labLead, APPROVE_LOT_DECISION, { input: { decisionId } });
    expect(approveWithdrawn.errors?.[0].extensions?.code).toBe('INVALID_STATUS');
    const again = await fourEyes.graphql(labTech, WITHDRAW_LOT_DECISION, {
      input: { decisionId, reason: 'x' },
    });
    expect(again.errors?.[0].extensions?.code).toBe('INVALID_STATUS');

    // An admin withdraws a lab person's proposal too.
    const release = (await call(labLead, RELEASE_LOT, { input: { lotId: lot.id, reason: 'Th re-measured' } }))
      .releaseLot;
    await call(admin, WITHDRAW_LOT_DECISION, {
      input: { decisionId: release.recordIds[0], reason: 'the re-measurement is not signed yet' },
    });

    const events = await fourEyes.outboxOf(lot.id);
    expect(events.map((e) => e.type)).toEqual([
      T.LotRegistered,
      T.LotScreened,
      T.LotQuarantined,
      T.LotDecisionProposed,
      T.LotDecisionWithdrawn,
      T.LotDecisionProposed,
      T.LotDecisionWithdrawn,
    ]);
    const proposed = decodeEventData(T.LotDecisionProposed, events[3].data);
    expect([proposed.kind, proposed.disposition]).toEqual([
      intakeV1.DecisionKind.REJECT,
      intakeV1.RejectionDisposition.RETURN_TO_SUPPLIER,
    ]);
    const first = decodeEventData(T.LotDecisionWithdrawn, events[4].data);
    expect([first.decisionId, first.kind, first.reason, first.withdrawnBy?.subjectId]).toEqual([
      decisionId,
      intakeV1.DecisionKind.REJECT,
      'wrong lot: the ferrite was L-2026-00043',
      'usr-lab-1',
    ]);
    const second = decodeEventData(T.LotDecisionWithdrawn, events[6].data);
    expect([second.kind, second.withdrawnBy?.subjectId]).toEqual([
      intakeV1.DecisionKind.RELEASE,
      'usr-admin-1',
    ]);
    expect(events[4].attributes.actorsub).toBe('usr-lab-1');
  });
});
