/**
 * A reader turns one environment variable into a typed value, or explains which rule the value broke.
 * `describe` documents the variable (the README's configuration table is checked against it).
 */
export interface ConfigReader<T> {
  readonly description: string;
  readonly defaultText: string | undefined;
  read(raw: string | undefined): { ok: true; value: T } | { ok: false; rule: string };
  /** Hides secrets in a value before an error shows it (e.g. a URL's password). */
  readonly mask?: (raw: string) => string;
}

type Result<T> = ReturnType<ConfigReader<T>['read']>;
const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const broken = <T>(rule: string): Result<T> => ({ ok: false, rule });

function withDefault<T>(
  description: string,
  fallback: T | undefined,
  parse: (raw: string) => Result<T>,
  defaultText = fallback === undefined ? undefined : String(fallback),
): ConfigReader<T> {
  return {
    description,
    defaultText,
    read(raw) {
      if (raw === undefined || raw === '') {
        return fallback === undefined ? broken('is required') : ok(fallback);
      }
      return parse(raw);
    },
  };
}

export function integer(
  description: string,
  options: { default?: number; min?: number; max?: number } = {},
): ConfigReader<number> {
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = options;
  return withDefault(description, options.default, (raw) => {
    if (!/^-?\d+$/.test(raw.trim())) return broken(`must be a whole number between ${min} and ${max}`);
    const value = Number(raw);
    if (value < min || value > max) return broken(`must be a whole number between ${min} and ${max}`);
    return ok(value);
  });
}

export function port(description: string, fallback?: number): ConfigReader<number> {
  return integer(description, { default: fallback, min: 0, max: 65535 });
}

export function text(
  description: string,
  options: { default?: string; pattern?: RegExp; patternRule?: string } = {},
): ConfigReader<string> {
  return withDefault(description, options.default, (raw) =>
    options.pattern && !options.pattern.test(raw)
      ? broken(options.patternRule ?? `must match ${options.pattern}`)
      : ok(raw),
  );
}

export function oneOf<const T extends string>(
  description: string,
  values: readonly T[],
  fallback?: T,
): ConfigReader<T> {
  return withDefault(description, fallback, (raw) =>
    (values as readonly string[]).includes(raw)
      ? ok(raw as T)
      : broken(`must be one of ${values.join(', ')}`),
  );
}

export function flag(description: string, fallback: boolean): ConfigReader<boolean> {
  return withDefault(description, fallback, (raw) => {
    const v = raw.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(v)) return ok(true);
    if (['0', 'false', 'no', 'off'].includes(v)) return ok(false);
    return broken('must be true or false');
  });
}

/** A variable that may be left unset; `undefined` then reaches the service. */
export function optional<T>(reader: ConfigReader<T>): ConfigReader<T | undefined> {
  return {
    description: reader.description,
    defaultText: undefined,
    mask: reader.mask,
    read: (raw) => (raw === undefined || raw === '' ? ok(undefined) : reader.read(raw)),
  };
}

/**
 * Wraps a parse function that throws an Error stating the rule (its `rule` property if it has one,
 * else its message). `mask` hides secrets in the value shown in errors.
 */
export function parsed<T>(
  description: string,
  parse: (raw: string) => T,
  options: { default?: T; defaultText?: string; mask?: (raw: string) => string } = {},
): ConfigReader<T> {
  const reader = withDefault(
    description,
    options.default,
    (raw) => {
      try {
        return ok(parse(raw));
      } catch (error) {
        const rule = (error as { rule?: unknown }).rule;
        return broken(
          typeof rule === 'string' ? rule : error instanceof Error ? error.message : String(error),
        );
      }
    },
    options.defaultText,
  );
  return { ...reader, mask: options.mask };
}

export function list(description: string, options: { default?: string[] } = {}): ConfigReader<string[]> {
  return withDefault(
    description,
    options.default,
    (raw) => {
      const items = raw
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
      return items.length === 0 ? broken('must list at least one comma-separated value') : ok(items);
    },
    options.default?.join(','),
  );
}
