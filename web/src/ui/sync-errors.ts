/** A sync's error class in plain words (the provider taxonomy's own words, plus our two). */
import { PROVIDER_ERROR_WORDS } from "../../../src/providers/errors.ts";

const OWN_WORDS: Record<string, string> = {
  invalid_data: "the provider's data did not pass TokenLedger's checks",
  internal: "TokenLedger failed while storing the data",
};

export function syncErrorInWords(errorClass: string | null | undefined): string {
  if (!errorClass) return "the last sync failed";
  const words =
    (PROVIDER_ERROR_WORDS as Record<string, string>)[errorClass] ??
    OWN_WORDS[errorClass] ??
    `sync failed (${errorClass})`;
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}.`;
}
