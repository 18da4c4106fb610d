/** Deterministic pseudo-random numbers and calendar helpers for seeding the fakes. */

/** mulberry32: the same seed always gives the same sequence of integers in [min, max]. */
export function pseudoRandom(seed: number): (min: number, max: number) => number {
  let state = seed >>> 0;
  return (min, max) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const unit = ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    return min + Math.floor(unit * (max - min + 1));
  };
}

/** Every hour start (epoch ms, UTC) of a month given as "YYYY-MM". */
export function hoursOfMonth(month: string): number[] {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) throw new Error(`month must look like 2025-05, got "${month}"`);
  const start = Date.UTC(Number(match[1]), Number(match[2]) - 1, 1);
  const end = Date.UTC(Number(match[1]), Number(match[2]), 1);
  const hours: number[] = [];
  for (let at = start; at < end; at += 3_600_000) hours.push(at);
  return hours;
}
