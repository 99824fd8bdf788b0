/**
 * A one-line progress bar on a terminal (redrawn at most ten times a second); elsewhere (CI logs,
 * a pipe) one line per simulated day.
 */
export class ProgressBar {
  private lastDrawMs = 0;
  private lastDay = -1;
  private readonly started = Date.now();

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly days: number,
  ) {}

  update(done: number, total: number, day: number, note?: string): void {
    const now = Date.now();
    const rate = done / Math.max((now - this.started) / 1000, 0.001);
    if (!this.stream.isTTY) {
      if (day !== this.lastDay || done === total) {
        this.lastDay = day;
        this.stream.write(`day ${day + 1}/${this.days}: ${done}/${total} requests (${rate.toFixed(1)}/s)\n`);
      }
      return;
    }
    if (done < total && now - this.lastDrawMs < 100) return;
    this.lastDrawMs = now;
    const width = 30;
    const filled = Math.round((done / total) * width);
    const line =
      `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor((done / total) * 100)).padStart(3)}% ` +
      `${done}/${total} day ${day + 1}/${this.days} ${rate.toFixed(0)} req/s ${note ?? ''}`;
    this.stream.write(
      `\r${line.slice(0, (this.stream.columns ?? 120) - 1).padEnd((this.stream.columns ?? 120) - 1)}`,
    );
    if (done === total) this.stream.write('\n');
  }
}
