import { useCallback, useState } from "react";
import { ApiError } from "../../api/client.ts";

/**
 * A form submission's state without TanStack's mutation cache: the forms here send admin keys,
 * and a mutation would keep its variables (the key) in that cache after the request.
 */
export function useAction() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(async <T>(work: () => Promise<T>): Promise<T | undefined> => {
    setPending(true);
    setError(null);
    try {
      return await work();
    } catch (caught) {
      setError(caught);
      return undefined;
    } finally {
      setPending(false);
    }
  }, []);
  const clear = useCallback(() => setError(null), []);
  return { pending, error, run, clear };
}

/** The server's message for one field of a failed submission. */
export function fieldError(error: unknown, field: string): string | undefined {
  return error instanceof ApiError ? error.fieldMessage(field) : undefined;
}

/** The message of a failed call, in the server's words or what went wrong reaching it. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : "Something went wrong.";
}
