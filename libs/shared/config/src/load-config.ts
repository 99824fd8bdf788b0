import { ConfigError, ConfigIssue } from './config-error';
import { ConfigReader } from './config-readers';

export type ConfigSpec = Record<string, ConfigReader<unknown>>;
export type ConfigOf<S extends ConfigSpec> = {
  [K in keyof S]: S[K] extends ConfigReader<infer T> ? T : never;
};

/**
 * Reads every variable of `spec` from `env`, or throws one ConfigError listing every broken
 * variable with its value and rule; a reader's `mask` hides secrets in the value shown.
 */
export function loadConfig<S extends ConfigSpec>(
  service: string,
  spec: S,
  env: Record<string, string | undefined> = process.env,
): ConfigOf<S> {
  const issues: ConfigIssue[] = [];
  const values: Record<string, unknown> = {};
  for (const [variable, reader] of Object.entries(spec)) {
    const raw = env[variable];
    const result = reader.read(raw);
    if (result.ok) values[variable] = result.value;
    else issues.push({ variable, value: reader.mask && raw ? reader.mask(raw) : raw, rule: result.rule });
  }
  if (issues.length > 0) throw new ConfigError(service, issues);
  return values as ConfigOf<S>;
}

/** Markdown rows documenting a spec: variable, default, meaning. */
export function describeConfig(spec: ConfigSpec): string[] {
  return Object.entries(spec).map(
    ([variable, reader]) =>
      `| \`${variable}\` | ${reader.defaultText === undefined ? '(unset)' : `\`${reader.defaultText}\``} | ${reader.description} |`,
  );
}
