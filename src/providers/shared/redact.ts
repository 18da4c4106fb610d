/** Keeps keys out of error messages, even if an upstream ever echoed one back. */

/** How a provider's keys look, to mask any key in a message, not only the caller's. */
export interface KeyShape {
  pattern: RegExp;
  /** What a masked key becomes, e.g. "sk-ant-…". */
  mask: string;
}

/** `text` without `key` (when long enough to be a real key) and without anything key-shaped. */
export function redactKeys(text: string, key: string, shape: KeyShape): string {
  // An empty or tiny "key" is no secret and would match ordinary text ("" splits every character).
  const withoutKey = key.length >= 8 ? text.split(key).join("[redacted]") : text;
  return withoutKey.replace(shape.pattern, shape.mask);
}
