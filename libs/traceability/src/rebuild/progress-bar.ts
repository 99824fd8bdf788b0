/** How far a rebuild has got. */
export interface RebuildProgress {
  /** Events applied so far (the watermark's count). */
  readonly events: number;
  /** Events in the log when the rebuild started (what it must read at least). */
  readonly total: number;
  readonly seconds: number;
}

/** `[##########..........]  50%  1,000/2,000 events  12,345 events/s` */
export function progressBar(progress: RebuildProgress, width = 30): string {
  const fraction = progress.total === 0 ? 1 : Math.min(1, progress.events / progress.total);
  const filled = Math.round(fraction * width);
  const rate = progress.seconds > 0 ? progress.events / progress.seconds : 0;
  return [
    `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`,
    `${String(Math.floor(fraction * 100)).padStart(3)}%`,
    `${progress.events.toLocaleString('en-US')}/${progress.total.toLocaleString('en-US')} events`,
    `${Math.round(rate).toLocaleString('en-US')} events/s`,
  ].join('  ');
}
