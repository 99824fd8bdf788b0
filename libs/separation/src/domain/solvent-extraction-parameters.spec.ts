import { SeparationError } from './separation-error';
import {
  solventExtractionParameters,
  type SolventExtractionParametersInput,
  throughputPerContactorVolume,
} from './solvent-extraction-parameters';

const valid: SolventExtractionParametersInput = {
  extractant: { name: 'HDEHP-X7', kind: 'NEW' },
  diluent: 'n-dodecane',
  contactor: { type: 'EMULSION_FLOW', volumeL: '90' },
  stages: { extraction: 8, scrub: 6, strip: 4 },
  organicFlowLPerH: '120',
  aqueousFlowLPerH: '60',
  ph: '1.5',
};

function refusalOf(work: () => unknown) {
  try {
    work();
  } catch (error) {
    const e = error as SeparationError;
    return { code: e.code, field: e.field, value: e.value };
  }
  return undefined;
}

describe('solvent-extraction parameters', () => {
  it('computes O/A from the flows, keeps a consistent stated one, and gives the throughput per contactor volume', () => {
    const parameters = solventExtractionParameters(valid);
    expect(parameters.oaRatio).toBe('2'); // 120 / 60
    expect(solventExtractionParameters({ ...valid, oaRatio: '2.01' }).oaRatio).toBe('2.01'); // 0.5 % off
    // (120 + 60) L/h / 90 L = 2 per hour
    expect(throughputPerContactorVolume(parameters)).toBe('2');
    expect(solventExtractionParameters({ ...valid, aqueousFlowLPerH: '90' }).oaRatio).toBe('1.333333');
  });

  it('refuses an O/A ratio that contradicts the flows, zero stages, an unknown contactor and a pH above 14', () => {
    expect(refusalOf(() => solventExtractionParameters({ ...valid, oaRatio: '2.1' }))).toEqual({
      code: 'INCONSISTENT_FLOWS',
      field: 'solventExtraction.oaRatio',
      value: '2.1',
    });
    expect(
      refusalOf(() =>
        solventExtractionParameters({ ...valid, stages: { extraction: 8, scrub: 0, strip: 4 } }),
      ),
    ).toEqual({ code: 'OUT_OF_RANGE', field: 'solventExtraction.stages.scrub', value: '0' });
    expect(
      refusalOf(() =>
        solventExtractionParameters({ ...valid, contactor: { type: 'PULSED_COLUMN', volumeL: '90' } }),
      ),
    ).toMatchObject({ code: 'INVALID_INPUT', field: 'solventExtraction.contactor.type' });
    expect(refusalOf(() => solventExtractionParameters({ ...valid, ph: '15' }))).toMatchObject({
      field: 'solventExtraction.ph',
    });
    expect(
      refusalOf(() => solventExtractionParameters({ ...valid, extractant: { name: ' ', kind: 'NEW' } })),
    ).toMatchObject({ field: 'solventExtraction.extractant.name' });
  });
});
