import { assertRunAllows, requireReason, type RunStatus } from './process-run';
import { ProcessRunError } from './process-run-error';

function allowed(status: RunStatus, action: Parameters<typeof assertRunAllows>[1]): boolean {
  try {
    assertRunAllows({ id: 'RUN-1', status }, action);
    return true;
  } catch (error: unknown) {
    if (error instanceof ProcessRunError && error.code === 'INVALID_RUN_STATUS') return false;
    throw error;
  }
}

describe('run lifecycle', () => {
  it('goes planned -> started -> held <-> started -> completed, and aborts from planned, started or held', () => {
    expect(allowed('PLANNED', 'start')).toBe(true);
    expect(allowed('STARTED', 'hold')).toBe(true);
    expect(allowed('HELD', 'resume')).toBe(true);
    expect(allowed('STARTED', 'complete')).toBe(true);
    expect(['PLANNED', 'STARTED', 'HELD'].every((s) => allowed(s as RunStatus, 'abort'))).toBe(true);
  });

  it('refuses completing twice, taking input before the start or while held, and correcting an open run', () => {
    expect(allowed('COMPLETED', 'complete')).toBe(false);
    expect(allowed('PLANNED', 'takeInput')).toBe(false);
    expect(allowed('HELD', 'takeInput')).toBe(false);
    expect(allowed('STARTED', 'correct')).toBe(false);
    expect(allowed('ABORTED', 'start')).toBe(false);
    expect(() => assertRunAllows({ id: 'RUN-1', status: 'COMPLETED' }, 'complete')).toThrow(
      'runId: run RUN-1 is COMPLETED, complete needs a run that is STARTED',
    );
  });

  it('needs a non-blank reason', () => {
    expect(requireReason('  pump failure ')).toBe('pump failure');
    expect(() => requireReason('   ')).toThrow(
      'reason: got "   ", must state a reason (at least one non-blank character)',
    );
  });
});
