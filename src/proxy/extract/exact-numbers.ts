/**
 * Exact cost literals. Perplexity reports dollars as JSON floats (`"total_cost": 0.006123`);
 * `JSON.parse` would turn them into binary doubles. Before parsing, the raw text is rewritten so
 * that every numeric literal of a key ending in `cost` (and every member of a flat `cost`
 * object) becomes a string holding the same decimal, written out without an exponent.
 */

/** A JSON number literal. */
const NUMBER = String.raw`-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?`;
/** A key ending in "cost" and its numeric value. A quote inside a JSON string is always escaped, so `"…cost":` only matches a key. */
const COST_KEY_LITERAL = new RegExp(
  String.raw`("[^"\\]*cost"\s*:\s*)(${NUMBER})(?=\s*[,}\]])`,
  "gi",
);
/** A `"cost": { … }` object without nested objects. */
const COST_OBJECT = /"cost"\s*:\s*\{[^{}]*\}/gi;
/** Any member of an object and its numeric value. */
const MEMBER_LITERAL = new RegExp(String.raw`("[^"\\]*"\s*:\s*)(${NUMBER})(?=\s*[,}])`, "g");

/** Exponents beyond this are not money; they are left alone rather than expanded into pages of zeros. */
const MAX_EXPONENT = 100;

const DECIMAL_LITERAL = /^([+-]?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** Rewrites the cost literals of JSON text into exact decimal strings; other text is untouched. */
export function quoteCostLiterals(text: string): string {
  if (!/cost"/i.test(text)) return text;
  return text
    .replace(COST_OBJECT, (object) => object.replace(MEMBER_LITERAL, quote))
    .replace(COST_KEY_LITERAL, quote);
}

function quote(match: string, prefix: string, literal: string): string {
  const plain = plainDecimal(literal);
  return plain === null ? match : `${prefix}"${plain}"`;
}

/**
 * A decimal literal written out without an exponent, by moving the decimal point in the text:
 * `"1.2e-05"` → `"0.000012"`, `"1.5E+3"` → `"1500"`. Null when the text is not a decimal number.
 */
export function plainDecimal(text: string): string | null {
  const match = DECIMAL_LITERAL.exec(text.trim());
  if (!match) return null;
  const [, sign = "", whole = "", fraction = "", exponentText] = match;
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  if (Math.abs(exponent) > MAX_EXPONENT) return null;
  const digits = whole + fraction;
  const point = whole.length + exponent;
  let plain: string;
  if (exponentText === undefined) plain = fraction === "" ? whole : `${whole}.${fraction}`;
  else if (point <= 0) plain = `0.${"0".repeat(-point)}${digits}`;
  else if (point >= digits.length) plain = digits + "0".repeat(point - digits.length);
  else plain = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (sign === "-" ? "-" : "") + plain.replace(/^0+(?=\d)/, "");
}
