import { describe, expect, test } from "vitest";
import { CsvSyntaxError, csvField, csvLine, parseCsv } from "../../src/services/transfer/csv.ts";

const rows = (text: string, delimiter?: string) =>
  parseCsv(text, delimiter === undefined ? {} : { delimiter }).map((r) => [r.line, r.fields]);

/** The CsvSyntaxError parsing `text` throws, as the fields a test can match. */
const syntaxError = (line: number, fieldNumber: number, message: RegExp) =>
  expect.objectContaining({
    name: "CsvSyntaxError",
    line,
    fieldNumber,
    message: expect.stringMatching(message),
  });

describe("CSV reading (RFC 4180)", () => {
  test.each([
    [
      "plain fields, LF",
      "a,b\n1,2\n",
      [
        [1, ["a", "b"]],
        [2, ["1", "2"]],
      ],
    ],
    [
      "CRLF and no break after the last record",
      "a,b\r\n1,2",
      [
        [1, ["a", "b"]],
        [2, ["1", "2"]],
      ],
    ],
    [
      "a lone CR between records",
      "a,b\r1,2\r",
      [
        [1, ["a", "b"]],
        [2, ["1", "2"]],
      ],
    ],
    [
      "a byte-order mark is not part of the first field",
      "\uFEFFdate,amount\n",
      [[1, ["date", "amount"]]],
    ],
    ["a delimiter inside quotes", 'a,"b,c",d', [[1, ["a", "b,c", "d"]]]],
    ["doubled quotes are one quote", '"say ""hi""",x', [[1, ['say "hi"', "x"]]]],
    ["a field that is only a quote", '"""",x', [[1, ['"', "x"]]]],
    ["empty fields, quoted and not", ',"",\n', [[1, ["", "", ""]]]],
    ["a trailing delimiter is one more empty field", "a,b,\n", [[1, ["a", "b", ""]]]],
    ["a quoted last field without a line break", 'a,"b"', [[1, ["a", "b"]]]],
    ["spaces are kept as they are", " a , b ", [[1, [" a ", " b "]]]],
    [
      "unicode",
      "modèle,coût\n€,✓",
      [
        [1, ["modèle", "coût"]],
        [2, ["€", "✓"]],
      ],
    ],
    [
      "an LF inside quotes is kept, and counted as a line",
      'h1,h2\n"line one\nline two",x\nnext,y\n',
      [
        [1, ["h1", "h2"]],
        [2, ["line one\nline two", "x"]],
        [4, ["next", "y"]],
      ],
    ],
    [
      "a CRLF inside quotes is kept and counted once",
      'h\r\n"a\r\nb\r\nc"\r\nz\r\n',
      [
        [1, ["h"]],
        [2, ["a\r\nb\r\nc"]],
        [5, ["z"]],
      ],
    ],
    [
      "line breaks around escaped quotes are all counted",
      'h\n"x""\n""y\n"\nz',
      [
        [1, ["h"]],
        [2, ['x"\n"y\n']],
        [5, ["z"]],
      ],
    ],
    [
      "empty lines are skipped but still counted",
      "h\n\n1\r\n\r\n2\n\n",
      [
        [1, ["h"]],
        [3, ["1"]],
        [5, ["2"]],
      ],
    ],
    [
      "a line of delimiters is a record of empty fields",
      "a,b\n,\n",
      [
        [1, ["a", "b"]],
        [2, ["", ""]],
      ],
    ],
    ["an empty text has no records", "", []],
    ["a lone byte-order mark has no records", "\uFEFF", []],
  ])("%s", (_name, text, expected) => {
    expect(rows(text)).toEqual(expected);
  });

  test.each([
    [";", 'a;"b;c";1,5', [[1, ["a", "b;c", "1,5"]]]],
    ["\t", 'a\t"b\tc"\t1,5', [[1, ["a", "b\tc", "1,5"]]]],
  ])("delimiter %j", (delimiter, text, expected) => {
    expect(rows(text, delimiter)).toEqual(expected);
  });

  test.each(['"', "\n", "\r", ",,", ""])("refuses the delimiter %j", (delimiter) => {
    expect(() => parseCsv("a", { delimiter })).toThrow(RangeError);
  });

  test.each([
    [
      "an unclosed quote, on the line it opened",
      'h1,h2\nok,1\nbad,"never closed\nmore\nlines',
      syntaxError(3, 2, /^line 3, field 2: a quoted field is never closed/),
    ],
    [
      "a quote inside an unquoted field, after a multi-line one",
      'h\n"multi\nline"\n5" screen\n',
      syntaxError(4, 1, /^line 4, field 1: a quote inside a field .* enclose the field in quotes/),
    ],
    [
      "text after a closing quote",
      'a,b\n"x"y,1\n',
      syntaxError(2, 1, /unexpected "y" after a closing quote/),
    ],
    [
      "a space before an opening quote",
      'a, "b"\n',
      syntaxError(1, 2, /a quote inside a field that does not start with one/),
    ],
  ])("an error with its line: %s", (_name, text, expected) => {
    expect(() => parseCsv(text)).toThrow(expected);
  });

  test("errors are CsvSyntaxErrors", () => {
    expect(() => parseCsv('"')).toThrow(CsvSyntaxError);
  });
});

describe("CSV writing", () => {
  test.each([
    [null, ""],
    [undefined, ""],
    [12, "12"],
    [true, "true"],
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["cr\r", '"cr\r"'],
    [" edge ", '" edge "'],
  ])("field %j → %j", (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  test("what it writes reads back identically", () => {
    const values = [
      "",
      "plain",
      "a,b",
      '"',
      '""',
      "x\ny",
      "x\r\ny",
      "\r",
      " lead",
      "trail ",
      '{"team":"search, \\"core\\""}',
      "0.000000123",
      "-12.50",
    ];
    const text = csvLine(["h", ...values.map((_, i) => `c${i}`)]) + csvLine(["v", ...values]);
    const records = parseCsv(text);
    expect(records[1]).toEqual({ line: 2, fields: ["v", ...values] });
  });

  test("a semicolon file quotes semicolons, not commas", () => {
    expect(csvLine(["1,5", "a;b"], ";")).toBe('1,5;"a;b"\n');
  });
});
