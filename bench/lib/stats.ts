/** Small statistics and measurement helpers shared by the benchmarks. */

export interface Spread {
  median: number;
  min: number;
  max: number;
}

/** Median, min and max of a non-empty list. */
export function spread(values: readonly number[]): Spread {
  if (values.length === 0) throw new Error("spread() of an empty list");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number };
}

/** Splits `items` into `parts` consecutive, nearly equal, non-empty slices. */
export function splitInto<T>(items: readonly T[], parts: number): T[][] {
  const count = Math.max(1, Math.min(parts, items.length));
  const slices: T[][] = [];
  let start = 0;
  for (let i = 0; i < count; i++) {
    const end = start + Math.floor(items.length / count) + (i < items.length % count ? 1 : 0);
    slices.push(items.slice(start, end));
    start = end;
  }
  return slices;
}

/**
 * Tracks the highest resident set size seen while a scenario runs. `process.resourceUsage()`
 * only gives the peak of the whole process, so scenarios sample as they go.
 */
export class RssSampler {
  private peak = 0;

  constructor() {
    this.sample();
  }

  sample(): void {
    const rss = process.memoryUsage.rss();
    if (rss > this.peak) this.peak = rss;
  }

  get peakBytes(): number {
    this.sample();
    return this.peak;
  }
}

/** Peak RSS of this whole process so far, in bytes (`maxRSS` is in kilobytes). */
export function processPeakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

export function mib(bytes: number): number {
  return Math.round((bytes / (1024 * 1024)) * 10) / 10;
}

/** A whole number with thousands separators, e.g. 52,318. */
export function formatInt(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

/** Round to a fixed number of decimals (for JSON output that stays readable). */
export function round(value: number, decimals = 2): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
