/** What one turn of a polling loop reports: `busy` runs the next turn at once. */
export type PollOutcome = 'busy' | 'idle';

export interface PollingLoopOptions {
  /** Pause after an idle turn, unless woken. */
  intervalMs: number;
  /** Pause after a failed turn (n = consecutive failures, from 1). */
  failureDelayMs: (failures: number) => number;
  onError: (error: unknown) => void;
}

/**
 * Runs `turn` over and over until stopped: again at once while it is busy, after `intervalMs`
 * when idle (or sooner when woken), after a growing delay when it throws.
 */
export class PollingLoop {
  private running = false;
  private done: Promise<void> = Promise.resolve();
  private wakeUp: (() => void) | undefined;
  private woken = false;

  constructor(
    private readonly turn: () => Promise<PollOutcome>,
    private readonly options: PollingLoopOptions,
  ) {}

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.done = this.run();
  }

  /** Ends the pause now, so that the next turn starts at once. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Resolves once the turn in progress (if any) has finished and the loop has ended. */
  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.done;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let pauseMs = 0;
      this.woken = false;
      try {
        const outcome = await this.turn();
        failures = 0;
        if (outcome === 'idle') pauseMs = this.options.intervalMs;
      } catch (error) {
        failures += 1;
        if (this.running) this.options.onError(error);
        pauseMs = this.options.failureDelayMs(failures);
      }
      if (pauseMs > 0 && this.running && !this.woken) await this.pause(pauseMs);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(finish, ms);
      function finish(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = undefined;
        finish();
      };
    });
  }
}
