import { ExponentialBackoff, type IBackoffFactory, type IRetryBackoffContext } from "cockatiel";
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { ProviderRateLimitError, ProviderTransientError } from "../../src/providers/errors.ts";
import { DEFAULT_RESILIENCE, retryAfterBackoff } from "../../src/providers/shared/resilience.ts";

const info = { provider: "test" };
const transient = new ProviderTransientError("unavailable", info);
const limited = (retryAfterMs: number | null) =>
  new ProviderRateLimitError("rate limited", info, retryAfterMs);

/** The waits a backoff gives for one failed call after another. */
function waits(
  factory: IBackoffFactory<IRetryBackoffContext<unknown>>,
  [first, ...rest]: [Error, ...Error[]],
): number[] {
  const context = (error: Error, attempt: number) => ({
    attempt,
    signal: new AbortController().signal,
    result: { error },
  });
  let backoff = factory.next(context(first, 1));
  const durations = [backoff.duration];
  for (const [index, error] of rest.entries()) {
    backoff = backoff.next(context(error, index + 2));
    durations.push(backoff.duration);
  }
  return durations;
}

beforeEach(() => {
  // Cockatiel's exponential backoff has jitter; pinned, its waits can be compared.
  vi.spyOn(Math, "random").mockReturnValue(0.5);
});
afterEach(() => {
  vi.restoreAllMocks();
});

test("retry-after takes precedence, capped at maxRetryAfterMs", () => {
  const backoff = retryAfterBackoff(DEFAULT_RESILIENCE);
  expect(waits(backoff, [limited(1_500), limited(3_600_000)])).toEqual([1_500, 60_000]);
});

test("without retry-after the waits are exponential, their state kept across a retry-after", () => {
  const exponential = new ExponentialBackoff({ initialDelay: 2_000, maxDelay: 10_000 });
  const expected = waits(exponential, [transient, transient, transient]);
  const actual = waits(retryAfterBackoff(DEFAULT_RESILIENCE), [
    transient,
    limited(1_500),
    limited(null),
  ]);
  expect(actual).toEqual([expected[0], 1_500, expected[2]]);
  expect(Math.max(...actual)).toBeLessThanOrEqual(10_000);
});
