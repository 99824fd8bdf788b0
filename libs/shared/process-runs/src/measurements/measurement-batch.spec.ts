import { classifyWithinSeries, validateMeasurementBatch } from './measurement-batch';
import { MeasurementError } from './measurement-error';

function refusal(work: () => unknown): MeasurementError {
  try {
    work();
  } catch (error) {
    if (error instanceof MeasurementError) return error;
    throw error;
  }
  throw new Error('expected a MeasurementError');
}

const sample = (measuredAt: string, value = '1', quality = 'GOOD') => ({ measuredAt, value, quality });

describe('validateMeasurementBatch', () => {
  it('names the field, the value and the rule of an unknown unit', () => {
    const error = refusal(() =>
      validateMeasurementBatch({
        runId: 'run-1',
        series: [
          { kind: 'PH', unit: 'C62', samples: [sample('2026-03-02T08:00:00Z')] },
          { kind: 'TEMPERATURE', unit: 'DEGC', samples: [sample('2026-03-02T08:00:00Z')] },
        ],
      }),
    );
    expect(error.code).toBe('UNKNOWN_UNIT');
    expect(error.message).toBe(
      'series[1].unit: got "DEGC", must be a UN/CEFACT Rec 20 unit code of TEMPERATURE: CEL (Cel), KEL (K), FAH ([degF])',
    );
  });

  it('points at the Rec 20 code when given the UCUM one, and at the kind a unit belongs to', () => {
    const ucum = refusal(() =>
      validateMeasurementBatch({
        runId: 'r',
        series: [{ kind: 'TEMPERATURE', unit: 'Cel', samples: [sample('2026-03-02T08:00:00Z')] }],
      }),
    );
    expect(ucum.rule).toContain('(the UCUM "Cel" is Rec 20 "CEL")');
    const otherKind = refusal(() =>
      validateMeasurementBatch({
        runId: 'r',
        series: [{ kind: 'CURRENT', unit: 'VLT', samples: [sample('2026-03-02T08:00:00Z')] }],
      }),
    );
    expect(otherKind.rule).toContain('("VLT" is a unit of VOLTAGE, REDOX_POTENTIAL)');
  });

  it('refuses unknown kinds and qualities, and values that are not decimal text', () => {
    expect(
      refusal(() =>
        validateMeasurementBatch({ runId: 'r', series: [{ kind: 'temperature', unit: 'CEL', samples: [] }] }),
      ).message,
    ).toBe('series[0].kind: got "temperature", must be written "TEMPERATURE"');
    expect(
      refusal(() =>
        validateMeasurementBatch({
          runId: 'r',
          series: [{ kind: 'PH', unit: 'C62', samples: [sample('2026-03-02T08:00:00Z', '7', 'OK')] }],
        }),
      ).field,
    ).toBe('series[0].samples[0].quality');
    const float = refusal(() =>
      validateMeasurementBatch({
        runId: 'r',
        series: [{ kind: 'PH', unit: 'C62', samples: [sample('2026-03-02T08:00:00Z', '7e0')] }],
      }),
    );
    expect(float.code).toBe('INVALID_DECIMAL');
    expect(float.field).toBe('series[0].samples[0].value');
  });

  it('refuses a batch above the sample limit', () => {
    const samples = [
      sample('2026-03-02T08:00:00Z'),
      sample('2026-03-02T08:00:01Z'),
      sample('2026-03-02T08:00:02Z'),
    ];
    expect(
      refusal(() =>
        validateMeasurementBatch(
          { runId: 'r', series: [{ kind: 'PH', unit: 'C62', samples }] },
          { maxSamplesPerBatch: 2 },
        ),
      ).message,
    ).toBe('series: got "3 samples", a batch holds at most 2 samples: split it');
  });
});

describe('classifyWithinSeries', () => {
  it('orders by measured time and settles equal instants: first wins, identical is a duplicate', () => {
    const batch = validateMeasurementBatch({
      runId: 'r',
      series: [
        {
          kind: 'PH',
          unit: 'C62',
          samples: [
            sample('2026-03-02T08:00:02Z', '2.1'),
            sample('2026-03-02T17:00:00+09:00', '2.0'),
            sample('2026-03-02T08:00:02Z', '2.10'),
            sample('2026-03-02T08:00:02Z', '2.3'),
          ],
        },
      ],
    });
    const classified = classifyWithinSeries(batch.series[0]?.samples ?? []);
    expect(classified.map((one) => [one.sample.valueText, one.fate])).toEqual([
      ['2.0', 'new'],
      ['2.1', 'new'],
      ['2.10', 'duplicate'],
      ['2.3', 'conflict'],
    ]);
  });
});
