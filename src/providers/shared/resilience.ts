/**
 * Retries and a circuit breaker for provider calls, from cockatiel: exponential backoff
 * between `initialDelayMs` and `maxDelayMs`, a provider's `retry-after` taking precedence, at
 * most `attempts` tries, and only for rate limits and transient errors. The breaker opens
 * after consecutive failures so a provider that keeps failing is not hammered.
 */
import {
  BrokenCircuitError,
  type CircuitBreakerPolicy,
  ConsecutiveBreaker,
  circuitBreaker,
  ExponentialBackoff,
  handleWhen,
  type IBackoff,
  type IBackoffFactory,
  type IRetryBackoffContext,
  retry,
  wrap,
} from "cockatiel";
import { isRetryable, ProviderRateLimitError, ProviderTransientError } from "../errors.ts";

export interface ResilienceOptions {
  /** Tries in all, the first included. */
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
  /** A `retry-after` longer than this is capped, so one sync never sleeps for hours. */
  maxRetryAfterMs: number;
  /** Consecutive failures that open the breaker, and how long it stays open. */
  breakerFailures: number;
  breakerOpenMs: number;
}

export const DEFAULT_RESILIENCE: ResilienceOptions = {
  attempts: 3,
  initialDelayMs: 2_000,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
  breakerFailures: 5,
  breakerOpenMs: 60_000,
};

type RetryContext = IRetryBackoffContext<unknown>;

/** Backoff that honours the provider's retry-after and falls back to exponential. */
export function retryAfterBackoff(options: ResilienceOptions): IBackoffFactory<RetryContext> {
  const exponential: IBackoffFactory<unknown> = new ExponentialBackoff({
    initialDelay: options.initialDelayMs,
    maxDelay: options.maxDelayMs,
  });
  return { next: (context) => retryAfterStep(options, exponential.next(context), context) };
}

/**
 * One retry's wait. The exponential state advances on every retry, a retry-after one included,
 * so a later retry without retry-after waits as long as it would have anyway.
 */
function retryAfterStep(
  options: ResilienceOptions,
  exponential: IBackoff<unknown>,
  context: RetryContext,
): IBackoff<RetryContext> {
  const error = "error" in context.result ? context.result.error : undefined;
  const retryAfter = error instanceof ProviderRateLimitError ? error.retryAfterMs : null;
  return {
    duration:
      retryAfter === null ? exponential.duration : Math.min(retryAfter, options.maxRetryAfterMs),
    next: (later) => retryAfterStep(options, exponential.next(later), later),
  };
}

export interface ProviderPolicy {
  execute<T>(work: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T>;
}

/** Breakers are per upstream (e.g. per provider base URL), shared by every sync in the process. */
const breakers = new Map<string, CircuitBreakerPolicy>();

export function providerPolicy(
  key: string,
  options: ResilienceOptions = DEFAULT_RESILIENCE,
): ProviderPolicy {
  let breaker = breakers.get(key);
  if (!breaker) {
    breaker = circuitBreaker(handleWhen(isRetryable), {
      halfOpenAfter: options.breakerOpenMs,
      breaker: new ConsecutiveBreaker(options.breakerFailures),
    });
    breakers.set(key, breaker);
  }
  const retries = retry(handleWhen(isRetryable), {
    maxAttempts: Math.max(0, options.attempts - 1),
    backoff: retryAfterBackoff(options),
  });
  const policy = wrap(retries, breaker);
  return {
    async execute(work, signal) {
      try {
        return await policy.execute(({ signal: s }) => work(s), signal);
      } catch (error) {
        if (error instanceof BrokenCircuitError) {
          throw new ProviderTransientError(
            `stopped calling ${key} after ${options.breakerFailures} consecutive failures; retrying after ${Math.round(options.breakerOpenMs / 1000)} s`,
            { provider: key },
            { cause: error },
          );
        }
        throw error;
      }
    },
  };
}

/** Forgets every breaker (tests start each case with closed circuits). */
export function resetBreakers(): void {
  breakers.clear();
}
