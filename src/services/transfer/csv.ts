/**
 * CSV as RFC 4180 defines it, read and written without a dependency. Reading accepts what
 * spreadsheets and exports actually produce: a UTF-8 byte-order mark, CRLF or LF (or a lone
 * CR) between records, fields in double quotes holding delimiters, quotes doubled (`""`) and
 * line breaks, and no line break after the last record. Every record carries the line it starts
 * on (the header is line 1), counting the line breaks inside quoted fields, so an error can
 * name the line a person sees in an editor.
 *
 * It is strict where a lenient reading would guess: a quote inside an unquoted field, text
 * after a closing quote, and a quoted field that never closes are errors with their line,
 * never silently repaired.
 */

export interface CsvRecord {
  /** The 1-based line the record starts on. */
  line: number;
  fields: string[];
}

export interface CsvOptions {
  /** One character between fields: "," (default), ";" or a tab. */
  delimiter?: string;
}

export class CsvSyntaxError extends Error {
  override name = "CsvSyntaxError";
  constructor(
    message: string,
    /** 1-based line of the offending character (for an unclosed quote, where the field opened). */
    readonly line: number,
    /** 1-based position of the field within its record. */
    readonly fieldNumber: number,
  ) {
    super(`line ${line}, field ${fieldNumber}: ${message}`);
  }
}

const QUOTE = 34; // "
const CR = 13;
const LF = 10;
const BOM = 0xfeff;

function checkDelimiter(delimiter: string): number {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === "\r" || delimiter === "\n") {
    throw new RangeError(
      `the CSV delimiter must be one character other than a quote or a line break, got ${JSON.stringify(delimiter)}`,
    );
  }
  return delimiter.charCodeAt(0);
}

/** Line breaks in text[from, to): CRLF counts once, a lone CR or LF once each. */
function lineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) count++;
    else if (c === CR && text.charCodeAt(i + 1) !== LF) count++;
  }
  return count;
}

/**
 * Reads records one at a time. Empty lines (no characters at all between two line breaks) are
 * skipped; a line of delimiters only is a record of empty fields.
 */
export function* readCsv(text: string, options: CsvOptions = {}): Generator<CsvRecord> {
  const delimiter = checkDelimiter(options.delimiter ?? ",");
  const n = text.length;
  let i = text.charCodeAt(0) === BOM ? 1 : 0;
  let line = 1;

  /** Consumes the line break at i (CRLF, LF or CR). */
  const skipLineBreak = () => {
    if (text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF) i += 2;
    else i += 1;
    line += 1;
  };

  while (i < n) {
    const first = text.charCodeAt(i);
    if (first === CR || first === LF) {
      skipLineBreak();
      continue;
    }
    const startLine = line;
    const fields: string[] = [];
    for (;;) {
      if (text.charCodeAt(i) === QUOTE) {
        const openedOn = line;
        let value = "";
        let chunk = i + 1;
        let at = chunk;
        for (;;) {
          const close = text.indexOf('"', at);
          if (close === -1) {
            throw new CsvSyntaxError(
              "a quoted field is never closed (a missing closing quote swallows the rest of the file)",
              openedOn,
              fields.length + 1,
            );
          }
          if (text.charCodeAt(close + 1) === QUOTE) {
            // An escaped quote: keep one, go on looking for the closing one.
            value += text.slice(chunk, close + 1);
            line += lineBreaks(text, at, close);
            at = close + 2;
            chunk = at;
            continue;
          }
          value += text.slice(chunk, close);
          line += lineBreaks(text, at, close);
          i = close + 1;
          break;
        }
        fields.push(value);
        if (i >= n) break;
        const next = text.charCodeAt(i);
        if (next === delimiter) {
          i += 1;
          continue;
        }
        if (next === CR || next === LF) {
          skipLineBreak();
          break;
        }
        throw new CsvSyntaxError(
          `unexpected ${JSON.stringify(text[i])} after a closing quote; a field in quotes must end at the quote (write a quote inside it as "")`,
          line,
          fields.length,
        );
      }
      let end = i;
      while (end < n) {
        const c = text.charCodeAt(end);
        if (c === delimiter || c === CR || c === LF) break;
        if (c === QUOTE) {
          throw new CsvSyntaxError(
            'a quote inside a field that does not start with one; enclose the field in quotes and double the quote ("")',
            line,
            fields.length + 1,
          );
        }
        end += 1;
      }
      fields.push(text.slice(i, end));
      i = end;
      if (i >= n) break;
      if (text.charCodeAt(i) === delimiter) {
        i += 1;
        continue;
      }
      skipLineBreak();
      break;
    }
    yield { line: startLine, fields };
  }
}

/** All records of a CSV text. */
export function parseCsv(text: string, options: CsvOptions = {}): CsvRecord[] {
  return [...readCsv(text, options)];
}

/** One field, quoted only when it must be (a delimiter, a quote, a line break) or would lose edge spaces. */
export function csvField(
  value: string | number | boolean | null | undefined,
  delimiter = ",",
): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  const mustQuote =
    text.includes(delimiter) ||
    text.includes('"') ||
    text.includes("\n") ||
    text.includes("\r") ||
    text !== text.trim();
  return mustQuote ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record and its line break (LF, like every other CSV TokenLedger writes). */
export function csvLine(
  values: readonly (string | number | boolean | null | undefined)[],
  delimiter = ",",
): string {
  return `${values.map((value) => csvField(value, delimiter)).join(delimiter)}\n`;
}
