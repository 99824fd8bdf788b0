import { Mass } from '@rre/quantities';
import { parseCountryCode } from './country-code';
import { DEFAULT_INTAKE_POLICY } from './intake-policy';
import { IntakeError } from './intake-error';
import type { Actor } from './actor';
import { Lot } from './lot';
import { type CalendarDate, newWasteManifest } from './waste-manifest';
import {
  assayOf,
  labLead,
  labTech,
  NOW,
  receiver,
  recycler,
  registeredLot,
  screeningOf,
} from './test-support/lot-fixtures';

const noApproval = { decisionsNeedApproval: false };
const fourEyes = { decisionsNeedApproval: true };

function refusal(work: () => unknown): IntakeError {
  try {
    work();
  } catch (error) {
    if (error instanceof IntakeError) return error;
    throw error;
  }
  throw new Error('expected an IntakeError');
}

function accepted(): Lot {
  const lot = registeredLot();
  return lot.screen(screeningOf(lot, 'scr-1', '40', '80')).lot;
}

function quarantined(): Lot {
  const lot = registeredLot();
  return lot.screen(screeningOf(lot, 'scr-1', '0', '300')).lot;
}

describe('Lot registration', () => {
  it('starts REGISTERED in intake custody, with net 1000 kg against 1000 kg declared: no dispute', () => {
    const lot = registeredLot();
    expect(lot.status).toBe('REGISTERED');
    expect(lot.custodian).toBe('INTAKE');
    expect(lot.currentFacts().weighing.net.toString()).toBe('1000 KGM');
    expect(lot.massComparison(DEFAULT_INTAKE_POLICY).disputed).toBe(false);
  });

  it('flags a dispute when 1030 kg are declared and 1000 kg weighed (30 / 1030 = 2.91 % > 2 %)', () => {
    const lot = registeredLot({ declaredMass: { value: '1030', unit: 'KGM' } });
    const comparison = lot.massComparison(DEFAULT_INTAKE_POLICY);
    expect(comparison.disputed).toBe(true);
    expect(comparison.difference.toString()).toBe('-30 KGM');
  });
});

describe('Lot assays', () => {
  it('makes the first assay current, a later one current unless told otherwise, and keeps the history', () => {
    const lot = registeredLot();
    const first = lot.recordAssay(assayOf(lot, 'a1', [{ element: 'Dy', value: '4.2', unit: 'P1' }]), false);
    expect(first.events).toEqual([expect.objectContaining({ kind: 'ASSAYED', isCurrent: true })]);
    expect(first.lot.currentAssay?.id).toBe('a1');

    const check = first.lot.recordAssay(
      assayOf(lot, 'a2', [{ element: 'Dy', value: '4.3', unit: 'P1' }], 'check assay'),
      false,
    );
    expect(check.lot.currentAssay?.id).toBe('a1');
    expect(check.events).toEqual([expect.objectContaining({ isCurrent: false })]);

    const reassay = check.lot.recordAssay(
      assayOf(lot, 'a3', [{ element: 'Dy', value: '4.0', unit: 'P1' }], 're-assay after supplier dispute'),
      true,
    );
    expect(reassay.lot.currentAssay?.id).toBe('a3');
    expect(reassay.lot.snapshot.currentAssayReason).toBe('re-assay after supplier dispute');
    expect(reassay.lot.snapshot.assays.map((assay) => assay.id)).toEqual(['a1', 'a2', 'a3']);
  });
});

describe('Lot screening', () => {
  it('U 40 + Th 80 ppm (sum 0.82): REGISTERED becomes SCREENED_ACCEPTED with one event', () => {
    const lot = registeredLot();
    const change = lot.screen(screeningOf(lot, 's1', '40', '80'));
    expect(change.lot.status).toBe('SCREENED_ACCEPTED');
    expect(change.events.map((event) => event.kind)).toEqual(['SCREENED']);
  });

  it('Th 300 ppm (sum 1.23): QUARANTINED, announced as screened then quarantined for radioactivity', () => {
    const lot = registeredLot();
    const change = lot.screen(screeningOf(lot, 's1', '0', '300'));
    expect(change.lot.status).toBe('QUARANTINED');
    expect(change.events.map((event) => event.kind)).toEqual(['SCREENED', 'QUARANTINED']);
    expect(change.events[1]).toEqual(
      expect.objectContaining({
        cause: 'RADIOACTIVITY',
        reason: 'radioactivity screening: sum of ratios 1.23 is above the threshold 1',
        decidedBy: undefined,
      }),
    );
  });

  it('a cleared re-screening leaves a quarantined lot quarantined: only a person releases it', () => {
    const lot = quarantined();
    const change = lot.screen(screeningOf(lot, 's2', '0', '10'));
    expect(change.lot.status).toBe('QUARANTINED');
  });

  it('a rejected lot cannot be screened', () => {
    const lot = registeredLot().decide(
      { id: 'd1', kind: 'REJECT', reason: 'wrong material', actor: labLead, now: NOW },
      noApproval,
    ).lot;
    expect(refusal(() => lot.screen(screeningOf(lot, 's1', '0', '0'))).code).toBe('INVALID_STATUS');
  });
});

describe('Lot release and rejection', () => {
  it('releases a quarantined lot with a reason and the person', () => {
    const change = quarantined().decide(
      { id: 'd1', kind: 'RELEASE', reason: 'gamma spectrometry: 0.4 Bq/g', actor: labLead, now: NOW },
      noApproval,
    );
    expect(change.lot.status).toBe('RELEASED');
    expect(change.events).toEqual([
      expect.objectContaining({
        kind: 'RELEASED',
        decision: expect.objectContaining({ reason: 'gamma spectrometry: 0.4 Bq/g', decidedBy: labLead }),
      }),
    ]);
  });

  it('needs a reason', () => {
    expect(
      refusal(() =>
        quarantined().decide(
          { id: 'd1', kind: 'RELEASE', reason: ' ', actor: labLead, now: NOW },
          noApproval,
        ),
      ).code,
    ).toBe('REASON_REQUIRED');
  });

  it('releases only quarantined lots', () => {
    const error = refusal(() =>
      accepted().decide(
        { id: 'd1', kind: 'RELEASE', reason: 'why not', actor: labLead, now: NOW },
        noApproval,
      ),
    );
    expect(error.code).toBe('INVALID_STATUS');
    expect(error.message).toBe(
      'lotId: got L-2026-00042 (SCREENED_ACCEPTED), must be QUARANTINED to release it',
    );
  });

  it('with four eyes, waits for a second, different person and only then takes effect', () => {
    const requested = quarantined().decide(
      {
        id: 'd1',
        kind: 'REJECT',
        reason: 'Th above limit',
        disposition: 'RETURN_TO_SUPPLIER',
        actor: labTech,
        now: NOW,
      },
      fourEyes,
    );
    expect(requested.lot.status).toBe('QUARANTINED');
    expect(requested.events).toEqual([
      {
        kind: 'DECISION_PROPOSED',
        decision: expect.objectContaining({
          id: 'd1',
          kind: 'REJECT',
          state: 'PENDING_APPROVAL',
          decidedBy: labTech,
        }),
      },
    ]);
    expect(requested.lot.pendingDecision?.id).toBe('d1');

    expect(refusal(() => requested.lot.approveDecision('d1', labTech, NOW)).code).toBe(
      'SAME_PERSON_APPROVAL',
    );
    expect(
      refusal(() =>
        requested.lot.decide({ id: 'd2', kind: 'RELEASE', reason: 'x', actor: labLead, now: NOW }, fourEyes),
      ).code,
    ).toBe('DECISION_PENDING');

    const approved = requested.lot.approveDecision('d1', labLead, NOW);
    expect(approved.lot.status).toBe('REJECTED');
    expect(approved.events).toEqual([
      expect.objectContaining({
        kind: 'REJECTED',
        decision: expect.objectContaining({
          decidedBy: labTech,
          approvedBy: labLead,
          disposition: 'RETURN_TO_SUPPLIER',
        }),
      }),
    ]);
    expect(refusal(() => approved.lot.approveDecision('d1', labLead, NOW)).code).toBe('INVALID_STATUS');
  });

  describe('withdrawing a pending decision', () => {
    const admin: Actor = { subject: 'usr-admin-1', organisationId: 'org-plant' };
    const proposed = () =>
      quarantined().decide(
        {
          id: 'd1',
          kind: 'RELEASE',
          reason: 'U and Th re-measured below the limit',
          actor: labTech,
          now: NOW,
        },
        fourEyes,
      ).lot;
    const withdraw = (lot: Lot, actor: Actor, mayWithdrawOthers = false, reason = 'wrong lot') =>
      lot.withdrawDecision({ decisionId: 'd1', reason, actor, mayWithdrawOthers, now: NOW });

    it('by its proposer, with a reason: it never takes effect and the lot is free for another decision', () => {
      const withdrawn = withdraw(proposed(), labTech);
      expect(withdrawn.lot.status).toBe('QUARANTINED');
      expect(withdrawn.lot.pendingDecision).toBeUndefined();
      expect(withdrawn.events).toEqual([
        {
          kind: 'DECISION_WITHDRAWN',
          decision: expect.objectContaining({
            id: 'd1',
            state: 'WITHDRAWN',
            withdrawal: { reason: 'wrong lot', withdrawnBy: labTech, withdrawnAt: NOW },
          }),
        },
      ]);
      expect(refusal(() => withdrawn.lot.approveDecision('d1', labLead, NOW)).rule).toContain(
        'was withdrawn',
      );
      const next = withdrawn.lot.decide(
        { id: 'd2', kind: 'REJECT', reason: 'Th 300 ppm', actor: labLead, now: NOW },
        fourEyes,
      );
      expect(next.lot.pendingDecision?.id).toBe('d2');
    });

    it('by an admin who did not propose it; not by another lab person', () => {
      expect(withdraw(proposed(), admin, true).lot.snapshot.decisions[0]?.state).toBe('WITHDRAWN');
      const refused = refusal(() => withdraw(proposed(), labLead));
      expect([refused.code, refused.field, refused.value]).toEqual(['FORBIDDEN', 'decisionId', 'd1']);
      expect(refused.rule).toBe(
        'may be withdrawn only by the person who proposed it (user-lab-1) or an admin',
      );
    });

    it('needs a reason, a decision that waits, and one that exists', () => {
      expect(refusal(() => withdraw(proposed(), labTech, false, '  ')).code).toBe('REASON_REQUIRED');
      const approved = proposed().approveDecision('d1', labLead, NOW).lot;
      expect(refusal(() => withdraw(approved, labTech)).code).toBe('INVALID_STATUS');
      const unknown = refusal(() =>
        proposed().withdrawDecision({
          decisionId: 'd9',
          reason: 'x',
          actor: labTech,
          mayWithdrawOthers: true,
          now: NOW,
        }),
      );
      expect(unknown.code).toBe('UNKNOWN_DECISION');
    });
  });
});

describe('Lot custody', () => {
  it('hands magnet scrap to leaching with its net mass; intake may change nothing until the receiver answers', () => {
    const change = accepted().transfer({ id: 't1', actor: labLead, now: NOW });
    expect(change.lot.status).toBe('TRANSFERRED_OUT');
    expect(change.lot.custodian).toBe('INTAKE');
    expect(change.events).toEqual([
      expect.objectContaining({
        kind: 'CUSTODY_TRANSFERRED',
        transfer: expect.objectContaining({ route: 'LEACHING' }),
      }),
    ]);
    expect(change.lot.pendingTransfer?.mass.toString()).toBe('1000 KGM');
    const error = refusal(() => change.lot.screen(screeningOf(change.lot, 's2', '0', '0')));
    expect(error.code).toBe('NOT_IN_CUSTODY');
    expect(error.retryable).toBe(true);
  });

  it('hands unused resources to adsorption', () => {
    const lot = registeredLot({ materialKind: 'TAILINGS', sourceCategory: 'PRIMARY' });
    const screened = lot.screen(screeningOf(lot, 's1', '1', '1')).lot;
    expect(screened.transfer({ id: 't1', actor: labLead, now: NOW }).lot.pendingTransfer?.route).toBe(
      'ADSORPTION',
    );
  });

  it('needs a route for OTHER material', () => {
    const lot = registeredLot({ materialKind: 'OTHER' });
    const screened = lot.screen(screeningOf(lot, 's1', '1', '1')).lot;
    expect(refusal(() => screened.transfer({ id: 't1', actor: labLead, now: NOW })).code).toBe(
      'ROUTE_REQUIRED',
    );
  });

  it('hands over only accepted or released lots', () => {
    expect(refusal(() => registeredLot().transfer({ id: 't1', actor: labLead, now: NOW })).code).toBe(
      'INVALID_STATUS',
    );
    expect(refusal(() => quarantined().transfer({ id: 't1', actor: labLead, now: NOW })).code).toBe(
      'INVALID_STATUS',
    );
  });

  it('a refused hand-over returns the lot to its status, with the reason', () => {
    const offered = accepted().transfer({ id: 't1', actor: labLead, now: NOW }).lot;
    const refused = offered.refuseTransfer('t1', 'leach line full until Friday', receiver, NOW);
    expect(refused.lot.status).toBe('SCREENED_ACCEPTED');
    expect(refused.lot.custodian).toBe('INTAKE');
    expect(refused.events).toEqual([
      expect.objectContaining({
        kind: 'CUSTODY_REFUSED',
        transfer: expect.objectContaining({
          refusalReason: 'leach line full until Friday',
          state: 'REFUSED',
        }),
      }),
    ]);
    expect(refused.lot.transfer({ id: 't2', actor: labLead, now: NOW }).lot.pendingTransfer?.id).toBe('t2');
  });

  it("once accepted, the lot is concentration's: no screening, decision or hand-over, but assays and corrections go through", () => {
    const offered = accepted().transfer({ id: 't1', actor: labLead, now: NOW }).lot;
    const taken = offered.acceptTransfer('t1', receiver, NOW).lot;
    expect(taken.custodian).toBe('CONCENTRATION');
    expect(taken.status).toBe('TRANSFERRED_OUT');

    const notHeld = refusal(() =>
      taken.decide({ id: 'd1', kind: 'REJECT', reason: 'x', actor: labLead, now: NOW }, noApproval),
    );
    expect(notHeld.code).toBe('NOT_IN_CUSTODY');
    expect(notHeld.retryable).toBe(false);
    expect(refusal(() => taken.transfer({ id: 't2', actor: labLead, now: NOW })).code).toBe('NOT_IN_CUSTODY');
    expect(refusal(() => taken.screen(screeningOf(taken, 's2', '0', '0'))).code).toBe('NOT_IN_CUSTODY');
    expect(refusal(() => taken.acceptTransfer('t1', receiver, NOW)).code).toBe('INVALID_STATUS');

    const late = taken.recordAssay(
      assayOf(taken, 'a9', [{ element: 'Tb', value: '0.7', unit: 'P1' }], 'late assay'),
      true,
    );
    expect(late.events.map((event) => event.kind)).toEqual(['ASSAYED']);
    const corrected = late.lot.correct([{ field: 'DECLARED_MASS', mass: Mass.of('1001', 'KGM') }], {
      ids: ['c1'],
      reason: 'typo on the delivery note',
      actor: recycler,
      now: NOW,
    });
    expect(corrected.events.map((event) => event.kind)).toEqual(['CORRECTED']);
  });
});

describe('Lot corrections', () => {
  it('records old and new value with reason and person; the registration stays as it was', () => {
    const lot = registeredLot();
    const change = lot.correct(
      [
        { field: 'WEIGHING', gross: Mass.of('1250.5', 'KGM'), tare: Mass.of('260.5', 'KGM') },
        { field: 'COUNTRY_OF_ORIGIN', country: parseCountryCode('DE') },
      ],
      { ids: ['c1', 'c2'], reason: 'tare read from the wrong ticket', actor: labTech, now: NOW },
    );
    const [weighing, country] = change.lot.snapshot.corrections;
    expect(weighing).toEqual(
      expect.objectContaining({
        field: 'WEIGHING',
        oldValue: '{"gross":{"quantity":"1250.5","uom":"KGM"},"tare":{"quantity":"250.5","uom":"KGM"}}',
        newValue: '{"gross":{"quantity":"1250.5","uom":"KGM"},"tare":{"quantity":"260.5","uom":"KGM"}}',
        reason: 'tare read from the wrong ticket',
        correctedBy: labTech,
      }),
    );
    expect(country).toEqual(expect.objectContaining({ oldValue: '"JP"', newValue: '"DE"' }));
    expect(change.lot.currentFacts().weighing.net.toString()).toBe('990 KGM');
    expect(change.lot.currentFacts().countryOfOrigin).toBe('DE');
    expect(change.lot.registration.facts.weighing.net.toString()).toBe('1000 KGM');
    expect(change.lot.registration.facts.countryOfOrigin).toBe('JP');
    expect(change.events.map((event) => event.kind)).toEqual(['CORRECTED', 'CORRECTED']);
  });

  it('applies corrections in order: a second correction of the same field corrects the first', () => {
    const once = registeredLot().correct([{ field: 'DECLARED_MASS', mass: Mass.of('1010', 'KGM') }], {
      ids: ['c1'],
      reason: 'typo',
      actor: recycler,
      now: NOW,
    }).lot;
    const twice = once.correct([{ field: 'DECLARED_MASS', mass: Mass.of('1001', 'KGM') }], {
      ids: ['c2'],
      reason: 'typo again',
      actor: recycler,
      now: NOW,
    });
    expect(twice.lot.currentFacts().declaredMass.toString()).toBe('1001 KGM');
    expect(twice.lot.snapshot.corrections[1].oldValue).toBe('{"quantity":"1010","uom":"KGM"}');
  });

  it('refuses a correction that changes nothing, a field twice, a missing reason, and a weighing that breaks the rules', () => {
    const lot = registeredLot();
    const request = { ids: ['c1', 'c2'], reason: 'typo', actor: recycler, now: NOW };
    expect(
      refusal(() => lot.correct([{ field: 'DECLARED_MASS', mass: Mass.of('1000', 'KGM') }], request)).code,
    ).toBe('CORRECTION_NO_CHANGE');
    expect(
      refusal(() =>
        lot.correct(
          [
            { field: 'DECLARED_MASS', mass: Mass.of('1001', 'KGM') },
            { field: 'DECLARED_MASS', mass: Mass.of('1002', 'KGM') },
          ],
          request,
        ),
      ).code,
    ).toBe('INVALID_INPUT');
    expect(
      refusal(() =>
        lot.correct([{ field: 'DECLARED_MASS', mass: Mass.of('1001', 'KGM') }], { ...request, reason: '' }),
      ).code,
    ).toBe('REASON_REQUIRED');
    expect(
      refusal(() =>
        lot.correct(
          [{ field: 'WEIGHING', gross: Mass.of('100', 'KGM'), tare: Mass.of('200', 'KGM') }],
          request,
        ),
      ).code,
    ).toBe('INVALID_MASS');
  });
});

describe('Lot paperwork is announced', () => {
  const withManifest = () => {
    const lot = registeredLot();
    const manifest = newWasteManifest(
      'm1',
      { number: 'A-0001', wasteType: '金属くず', form: 'PAPER', issuedOn: '2026-03-02' },
      lot.registration.organisationId,
    );
    return Lot.restore({ ...lot.snapshot, manifest });
  };

  it('a returned slip, with its due date', () => {
    const change = withManifest().recordSlipReturn(
      'B2',
      '2026-06-02' as CalendarDate,
      recycler,
      '2026-06-10' as CalendarDate,
    );
    expect(change.events).toEqual([
      {
        kind: 'MANIFEST_SLIP_RETURNED',
        manifest: expect.objectContaining({ number: 'A-0001' }),
        slip: { slip: 'B2', dueOn: '2026-05-31', returnedOn: '2026-06-02', recordedBy: recycler },
      },
    ]);
  });

  it("the plant's own report, with its due date", () => {
    const change = withManifest().recordManifestReport(
      {
        id: 'r1',
        kind: 'DISPOSAL_COMPLETED',
        completedOn: '2026-03-10' as CalendarDate,
        sentOn: '2026-03-25' as CalendarDate,
        actor: labLead,
        now: NOW,
      },
      '2026-03-30' as CalendarDate,
    );
    expect(change.events).toEqual([
      {
        kind: 'MANIFEST_REPORT_RECORDED',
        manifest: expect.objectContaining({ number: 'A-0001' }),
        report: expect.objectContaining({ id: 'r1', dueOn: '2026-03-20', sentOn: '2026-03-25' }),
      },
    ]);
  });

  it('a new document version, but not the same bytes again', () => {
    const upload = {
      name: 'certificate.pdf',
      kind: 'CERTIFICATE' as const,
      mediaType: 'application/pdf',
      sha256: 'a'.repeat(64),
      sizeBytes: 1234,
      storageKey: `sha256/aa/${'a'.repeat(64)}`,
      newVersion: false,
    };
    const first = registeredLot().addDocument('doc1', upload, recycler, NOW);
    expect(first.events).toEqual([
      {
        kind: 'DOCUMENT_ADDED',
        document: expect.objectContaining({ id: 'doc1', version: 1, sizeBytes: 1234 }),
      },
    ]);
    expect(first.lot.addDocument('doc2', upload, recycler, NOW).events).toEqual([]);
  });
});
