import { cpus, loadavg, totalmem } from 'node:os';

/** The machine a benchmark ran on, printed with every report. */
export function machineDescription(): string {
  const cpu = cpus();
  return [
    `machine: ${cpu.length} x ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
    `node ${process.version}, ${process.platform} ${process.arch}`,
    `date: ${new Date().toISOString()}`,
  ].join('\n');
}

/** The p-th percentile (0-100) of the samples, nearest-rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

export function formatRate(eventsPerSecond: number): string {
  return `${Math.round(eventsPerSecond).toLocaleString('en-US')} events/s`;
}

export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => `| ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`).join('\n');
}

/** The 1-minute load average, to print beside figures measured on a shared machine. */
export function loadAverage(): number {
  return loadavg()[0] as number;
}
