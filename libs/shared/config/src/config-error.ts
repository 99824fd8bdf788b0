/** One broken configuration variable: which variable, the value it had, and the rule it broke. */
export interface ConfigIssue {
  variable: string;
  value: string | undefined;
  rule: string;
}

/** Thrown by `loadConfig` with every broken variable at once, so a user fixes them in one go. */
export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(
      `${service}: invalid configuration\n` +
        issues
          .map(
            (i) =>
              `  ${i.variable}=${i.value === undefined ? '(not set)' : JSON.stringify(i.value)}: ${i.rule}`,
          )
          .join('\n'),
    );
    this.name = 'ConfigError';
  }
}
