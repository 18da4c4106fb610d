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
