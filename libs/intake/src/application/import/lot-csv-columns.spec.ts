import { columnOfField, readHeader, registrationOfRow } from './lot-csv-columns';

const row = (cells: Record<string, string>) =>
  new Map(
    Object.entries({
      external_ref: 'DN-1',
      supplier_site_id: 'site-1',
      material_kind: 'EV_MOTOR_MAGNET',
      source_category: 'POST_CONSUMER',
      source_evidence_ref: 'doc-1',
      country_of_origin: 'JP',
      declared_mass: '1000',
      weighbridge_ticket: 'WB-1',
      vehicle: 'truck',
      scale: 'wb-1',
      gross_mass: '1250.5',
      tare_mass: '250.5',
      received_at: '2026-03-02T08:00:00+09:00',
      ...cells,
    }),
  );

describe('lot CSV columns', () => {
  it('turns a row into a registration: masses in mass_unit, containers, composition in wt %, a manifest', () => {
    const registration = registrationOfRow(
      row({
        mass_unit: 'TNE',
        declared_mass: '1',
        gross_mass: '1.2505',
        tare_mass: '0.2505',
        containers: 'drum:4; pallet:2',
        declared_composition: 'Nd=25.1;Dy=4.5',
        manifest_number: 'A-1',
        manifest_waste_type: '金属くず',
        manifest_form: 'PAPER',
        manifest_issued_on: '2026-03-01',
      }),
    );
    expect(registration).toEqual(
      expect.objectContaining({
        externalRef: 'DN-1',
        declaredMass: { value: '1', unit: 'TNE' },
        containers: [
          { kind: 'drum', count: 4 },
          { kind: 'pallet', count: 2 },
        ],
        declaredComposition: [
          { element: 'Nd', value: '25.1', unit: 'P1' },
          { element: 'Dy', value: '4.5', unit: 'P1' },
        ],
        manifest: {
          number: 'A-1',
          wasteType: '金属くず',
          form: 'PAPER',
          issuedOn: '2026-03-01',
          speciallyControlled: false,
        },
      }),
    );
    expect(registration.receivedAt.toISOString()).toBe('2026-03-01T23:00:00.000Z');
  });

  it('names the column of a bad cell', () => {
    expect(() => registrationOfRow(row({ received_at: '2026-03-02 08:00' }))).toThrow(
      'received_at: got "2026-03-02 08:00", must be ISO 8601 with a time zone',
    );
    expect(() => registrationOfRow(row({ supplier_site_id: ' ' }))).toThrow(
      'supplier_site_id: got "", is required',
    );
    expect(() => registrationOfRow(row({ containers: 'drum=4' }))).toThrow('containers');
    expect(columnOfField('weighing.netMass')).toBe('net_mass');
    expect(columnOfField('declaredComposition.Dy')).toBe('declared_composition');
    expect(columnOfField('declaredMass.unit')).toBe('mass_unit');
    expect(columnOfField('manifest.issuedOn')).toBe('manifest_issued_on');
  });

  it('reports unknown and missing header columns', () => {
    const { problems } = readHeader(['external_ref', 'colour']);
    expect(problems.map((problem) => problem.column)).toEqual(
      expect.arrayContaining(['colour', 'supplier_site_id', 'received_at']),
    );
  });
});
