/**
 * Money that a provider reported as a JSON number. The SDKs have already parsed the body, so
 * only the float is left: its shortest round-trip text (`String(x)`, the digits the provider
 * most likely sent) is the exact value we report, written out of exponent form.
 */

/** `1.5e-7` → `"0.00000015"`, `0.006` → `"0.006"`; null for NaN and ±Infinity. */
export function decimalFromFloat(value: number): string | null {
  if (!Number.isFinite(value)) return null;
  const text = String(value);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const [, sign = "", lead = "", rest = "", exponent = "0"] = match;
  const digits = lead + rest;
  const point = 1 + Number(exponent);
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${"0".repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** A number or numeric string as an exact decimal string, or null. */
export function decimalOf(value: unknown): string | null {
  if (typeof value === "number") return decimalFromFloat(value);
  if (typeof value === "string" && /^-?\d+(?:\.\d+)?$/.test(value.trim())) return value.trim();
  return null;
}

/**
 * Rounds a decimal string to `scale` decimals, half to even, without floats. The ledger keeps
 * nano-dollars (9 decimals); a provider figure with more digits is rounded once here.
 */
export function roundDecimal(text: string, scale = 9): string {
  const match = /^(-?)(\d+)(?:\.(\d*))?$/.exec(text);
  if (!match) return text;
  const [, sign = "", whole = "0", fraction = ""] = match;
  if (fraction.length <= scale) return text;
  const rest = fraction.slice(scale);
  let units = BigInt(whole + fraction.slice(0, scale));
  const first = rest.charCodeAt(0) - 48;
  const tail = /[1-9]/.test(rest.slice(1));
  if (first > 5 || (first === 5 && (tail || units % 2n === 1n))) units += 1n;
  const digits = units.toString().padStart(scale + 1, "0");
  const rounded = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`.replace(/\.?0+$/, "");
  return units === 0n ? "0" : `${sign}${rounded}`;
}
