/** What a start-up opened, undone in reverse order by `stop` (also when the start-up fails half-way). */
export interface CleanupStack {
  push(cleanup: () => Promise<void>): void;
  stop(): Promise<void>;
}

export function cleanupStack(): CleanupStack {
  const cleanups: (() => Promise<void>)[] = [];
  return {
    push: (cleanup) => {
      cleanups.push(cleanup);
    },
    stop: async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
      cleanups.length = 0;
    },
  };
}
