import type { Principal, Role } from '@rre/auth';
import { attributeToSources } from '../domain/attribute-to-sources';
import { genealogyOf } from '../domain/genealogy';
import { traceViewFor } from './trace-view';

const caller = (organisationId: string, ...roles: Role[]): Principal => ({
  subject: `usr-${organisationId}`,
  organisationId,
  roles,
  clientKind: 'user',
  tokenId: undefined,
});

// A (org-a): 10 kg x 10 % = 1 kg Tb; B (org-b): 20 kg x 10 % = 2 kg; C (org-c): 10 kg x 10 % = 1 kg.
// R blends them into P: 8 kg x 50 % = 4 kg Tb: A 1.000, B 2.000, C 1.000 kg.
const genealogy = genealogyOf(
  [
    {
      lotId: 'A',
      massKg: '10',
      composition: { Tb: '0.1' },
      supplierOrganisationId: 'org-a',
      sourceCategory: 'POST_CONSUMER',
    },
    {
      lotId: 'B',
      massKg: '20',
      composition: { Tb: '0.1' },
      supplierOrganisationId: 'org-b',
      sourceCategory: 'PRE_CONSUMER',
    },
    {
      lotId: 'C',
      massKg: '10',
      composition: { Tb: '0.1' },
      supplierOrganisationId: 'org-c',
      sourceCategory: 'PRIMARY',
    },
    { lotId: 'P', massKg: '8', composition: { Tb: '0.5' }, producedByRunId: 'R' },
  ],
  [
    {
      runId: 'R',
      service: 'concentration',
      status: 'COMPLETED',
      inputs: ['A', 'B', 'C'].map((lotId) => ({
        lotId,
        role: 'INPUT' as const,
        netMassKg: lotId === 'B' ? '20' : '10',
      })),
      outputs: [{ lotId: 'P', role: 'PRODUCT', massKg: '8' }],
      lossesKg: {},
    },
  ],
);
const trace = attributeToSources(genealogy, 'P', 'Tb');
const lines = (principal: Principal) =>
  traceViewFor(principal, trace).sources.map((line) => [
    line.kind,
    line.lot?.lotId,
    line.supplierOrganisationId,
    line.attributedKg,
    line.share,
    line.paths.length,
  ]);

describe('who sees what of a trace', () => {
  it('auditors see every source lot with its supplier and paths', () => {
    expect(lines(caller('org-audit', 'auditor'))).toEqual([
      ['SOURCE_LOT', 'A', 'org-a', '1.000000', '0.25', 1],
      ['SOURCE_LOT', 'B', 'org-b', '2.000000', '0.5', 1],
      ['SOURCE_LOT', 'C', 'org-c', '1.000000', '0.25', 1],
    ]);
  });

  it('operators see every lot and path, but no supplier', () => {
    expect(
      lines(caller('org-plant', 'operator')).map(([kind, lot, supplier]) => [kind, lot, supplier]),
    ).toEqual([
      ['SOURCE_LOT', 'A', undefined],
      ['SOURCE_LOT', 'B', undefined],
      ['SOURCE_LOT', 'C', undefined],
    ]);
  });

  it("a recycler sees its own lot in full and the other suppliers' lots only as one anonymous mass", () => {
    expect(lines(caller('org-a', 'recycler'))).toEqual([
      ['SOURCE_LOT', 'A', 'org-a', '1.000000', '0.25', 1],
      ['ANONYMOUS_SOURCES', undefined, undefined, '3.000000', '0.75', 0],
    ]);
  });
});
