/** Seeded randomness, so every run loads the same ledger. */

/** mulberry32: a tiny, seedable PRNG (Math.random cannot be seeded). */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Random {
  /** Uniform in [0, 1). */
  random(): number;
  pick<T>(items: readonly T[]): T;
  /** One of `items`, each as likely as its weight. */
  weighted<T extends { weight: number }>(items: readonly T[]): T;
  /** Log-uniform integer in [min, max]: many small values, a long tail of big ones. */
  logUniform(min: number, max: number): number;
}

/** A seeded source; each helper draws exactly one number. */
export function seeded(seed: number): Random {
  const random = prng(seed);
  return {
    random,
    pick: <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T,
    weighted: <T extends { weight: number }>(items: readonly T[]): T => {
      let ticket = random() * items.reduce((s, i) => s + i.weight, 0);
      for (const item of items) {
        ticket -= item.weight;
        if (ticket < 0) return item;
      }
      return items[items.length - 1] as T;
    },
    logUniform: (min: number, max: number) =>
      Math.floor(Math.exp(Math.log(min) + random() * (Math.log(max) - Math.log(min)))),
  };
}
