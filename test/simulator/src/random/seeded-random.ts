/**
 * A small seeded pseudo-random generator (sfc32, seeded through the cyrb128 string hash), so that
 * one seed gives the same plant on every machine: it uses 32-bit integer arithmetic only, never
 * Math.random and never a transcendental function whose last bit may differ between engines.
 * `fork(name)` gives an independent stream per concern (a recycler's deliveries, a run's noise),
 * so that adding a draw in one place does not shift every later draw elsewhere.
 */
export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  private constructor(readonly seed: string) {
    [this.a, this.b, this.c, this.d] = cyrb128(seed);
    for (let i = 0; i < 12; i++) this.uint32(); // let the state mix before the first draw
  }

  static of(seed: string | number): SeededRandom {
    return new SeededRandom(String(seed));
  }

  /** An independent stream named `name` under this one's seed. */
  fork(name: string): SeededRandom {
    return new SeededRandom(`${this.seed}/${name}`);
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  fraction(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [min, max], both included. */
  integer(min: number, max: number): number {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max < min) {
      throw new Error(`integer(${min}, ${max}): needs safe integers with min <= max`);
    }
    return min + Math.floor(this.fraction() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.fraction() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick: no items');
    return items[this.integer(0, items.length - 1)] as T;
  }

  /**
   * An approximately standard-normal draw (Irwin-Hall: the sum of 12 uniforms less 6), drawn again
   * until it lies within [-limit, limit]: measurement noise that never exceeds `limit` sigma.
   */
  normal(limit = 3): number {
    for (;;) {
      let sum = 0;
      for (let i = 0; i < 12; i++) sum += this.fraction();
      const z = sum - 6;
      if (Math.abs(z) <= limit) return z;
    }
  }
}

/** cyrb128: four 32-bit words from a string (public domain, bryc). */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}
