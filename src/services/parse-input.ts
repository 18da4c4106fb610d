import type { z } from "zod";
import { ValidationError } from "../core/errors.ts";
import { valueAt } from "../core/usage-record.ts";

/** Parses service input with a schema; failures become one ValidationError listing each field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((issue) => ({
    field:
      issue.path.join(".") ||
      (issue.code === "unrecognized_keys" ? issue.keys.join(",") : "(input)"),
    message:
      issue.code === "invalid_type" && valueAt(input, issue.path) === undefined
        ? "is required"
        : issue.message,
  }));
  const summary = details.map((d) => `${d.field} ${d.message}`).join("; ");
  throw new ValidationError(`invalid input: ${summary}`, details);
}
