import { IntakeError } from './intake-error';
import {
  addDays,
  daysBetween,
  isSlipOverdue,
  newWasteManifest,
  parseCalendarDate,
  reportDeadlineDays,
} from './waste-manifest';

const paper = { number: 'A-0012345', wasteType: '金属くず', form: 'PAPER' as const, issuedOn: '2026-03-02' };

describe('waste manifests', () => {
  it('computes the slip due dates from the issue date: B2 and D +90 days, E +180 days', () => {
    const manifest = newWasteManifest('m1', paper, 'org-recycler-a');
    expect(manifest.slips.map((slip) => [slip.slip, slip.dueOn])).toEqual([
      ['B2', '2026-05-31'],
      ['D', '2026-05-31'],
      ['E', '2026-08-29'],
    ]);
    expect(manifest.issuerId).toBe('org-recycler-a');
  });

  it('gives specially controlled waste 60 days for B2 and D (E stays 180)', () => {
    const manifest = newWasteManifest('m1', { ...paper, speciallyControlled: true }, 'org-a');
    expect(manifest.slips.map((slip) => slip.dueOn)).toEqual(['2026-05-01', '2026-05-01', '2026-08-29']);
  });

  it('counts calendar days across month and leap-year ends', () => {
    expect(addDays(parseCalendarDate('2028-02-28', 'd'), 1)).toBe('2028-02-29');
    expect(addDays(parseCalendarDate('2026-12-31', 'd'), 1)).toBe('2027-01-01');
    expect(daysBetween(parseCalendarDate('2026-05-31', 'd'), parseCalendarDate('2026-06-03', 'd'))).toBe(3);
  });

  it('is overdue only after the due date and while the slip has not come back', () => {
    const [b2] = newWasteManifest('m1', paper, 'org-a').slips;
    expect(isSlipOverdue(b2, parseCalendarDate('2026-05-31', 'today'))).toBe(false);
    expect(isSlipOverdue(b2, parseCalendarDate('2026-06-01', 'today'))).toBe(true);
    expect(
      isSlipOverdue(
        { ...b2, returnedOn: parseCalendarDate('2026-05-20', 'r') },
        parseCalendarDate('2026-06-01', 't'),
      ),
    ).toBe(false);
  });

  it('gives the plant 10 days to report on paper and 3 days to JWNET', () => {
    expect(reportDeadlineDays('PAPER')).toBe(10);
    expect(reportDeadlineDays('ELECTRONIC')).toBe(3);
  });

  it('refuses a malformed number, an electronic number that is not 11 digits, and an impossible date', () => {
    expect(() => newWasteManifest('m1', { ...paper, number: 'A 1' }, 'org-a')).toThrow(IntakeError);
    expect(() => newWasteManifest('m1', { ...paper, form: 'ELECTRONIC', number: '1234' }, 'org-a')).toThrow(
      'must be the 11 digits JWNET assigned',
    );
    expect(() => newWasteManifest('m1', { ...paper, issuedOn: '2026-02-30' }, 'org-a')).toThrow(
      'manifest.issuedOn: got "2026-02-30", must be a calendar date YYYY-MM-DD',
    );
  });
});
