import { PollingLoop, type PollOutcome } from './polling-loop';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PollingLoop', () => {
  it('runs busy turns back to back, pauses after an idle one, and wakes early', async () => {
    const outcomes: PollOutcome[] = ['busy', 'busy', 'idle', 'idle'];
    let turns = 0;
    const loop = new PollingLoop(async () => outcomes[turns++] ?? 'idle', {
      intervalMs: 10_000,
      failureDelayMs: () => 10_000,
      onError: () => undefined,
    });
    loop.start();
    await tick(50);
    expect(turns).toBe(3);
    loop.wake();
    await tick(50);
    expect(turns).toBe(4);
    await loop.stop();
    expect(loop.isRunning).toBe(false);
  });

  it('reports a failing turn and tries again after the failure delay', async () => {
    const errors: unknown[] = [];
    let turns = 0;
    const loop = new PollingLoop(
      async () => {
        turns += 1;
        if (turns < 3) throw new Error(`failure ${turns}`);
        return 'idle';
      },
      {
        intervalMs: 10_000,
        failureDelayMs: (failures) => failures * 5,
        onError: (error) => errors.push(error),
      },
    );
    loop.start();
    await tick(100);
    await loop.stop();
    expect(turns).toBe(3);
    expect(errors.map((error) => (error as Error).message)).toEqual(['failure 1', 'failure 2']);
  });
});
