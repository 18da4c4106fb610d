import { useEffect, useRef, useState } from "react";
import { splitErrors } from "./errors.ts";

/**
 * A form's validation messages by field: the form's own required checks, then the server's
 * `details[].field`. After each failed submit the first invalid control takes focus; editing a
 * field clears its message.
 */
export function useFormErrors(fields: readonly string[]) {
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [other, setOther] = useState<string | null>(null);
  const [attempts, setAttempts] = useState(0);
  useEffect(() => {
    if (attempts > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [attempts]);
  return {
    formRef,
    errors,
    other,
    clear(field: string) {
      setErrors((current) => {
        if (!(field in current)) return current;
        const { [field]: _removed, ...rest } = current;
        return rest;
      });
    },
    /** Messages found before sending; true when there are any (the submit stops). */
    check(found: Record<string, string>): boolean {
      setErrors(found);
      setOther(null);
      const failed = Object.keys(found).length > 0;
      if (failed) setAttempts((n) => n + 1);
      return failed;
    },
    fromServer(error: unknown) {
      const split = splitErrors(error, fields);
      setErrors(split.fields);
      setOther(split.other);
      setAttempts((n) => n + 1);
    },
    reset() {
      setErrors({});
      setOther(null);
    },
  };
}
