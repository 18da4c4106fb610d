/**
 * A first check of a typed billed amount with the server's own money parser, so a half-typed
 * "13." or "1,200" is explained at the field without a request; the server still decides.
 */
import { MoneyFormatError, parseUsd } from "../../../../src/core/money.ts";

/** Why `text` is not a billed amount, or undefined when it is one (or is still empty). */
export function amountProblem(text: string): string | undefined {
  if (text === "") return undefined;
  try {
    return parseUsd(text) < 0n ? "must not be negative" : undefined;
  } catch (error) {
    if (!(error instanceof MoneyFormatError)) throw error;
    return /\.\d{10,}$/.test(text)
      ? "can have at most 9 decimals"
      : "must be a number of US dollars such as 21.50 (no $ sign or thousands separators)";
  }
}
