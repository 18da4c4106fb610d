import type { Context } from "hono";
import { ValidationError } from "../core/errors.ts";

/** Reads a JSON request body; malformed JSON is a 400 in the error envelope, not a crash. */
export async function readJson(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch (error) {
    throw new ValidationError(
      "the request body is not valid JSON",
      [{ field: "(body)", message: "must be JSON" }],
      {
        cause: error,
      },
    );
  }
}

/** Reads an optional JSON object body: none (or empty) is `{}`; anything but an object is a 400. */
export async function readOptionalJsonObject(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ValidationError(
      "the request body is not valid JSON",
      [{ field: "(body)", message: "must be JSON" }],
      {
        cause: error,
      },
    );
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new ValidationError("the request body must be a JSON object", [
      { field: "(body)", message: "must be an object" },
    ]);
  }
  return value as Record<string, unknown>;
}
