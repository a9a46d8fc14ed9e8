/**
 * CSV (RFC 4180) for the exports and statements: cells quoted when they hold a comma, a quote
 * or a line break, quotes doubled, lines ended by CRLF. Text cells that a spreadsheet would
 * run as a formula (starting with = + - @, a tab or a carriage return) get a leading
 * apostrophe, so a customer named "=HYPERLINK(…)" stays text. Numbers are written as they are,
 * and so is a text cell that is a plain decimal number ("-50.00": an amount, not a formula).
 */
export type CsvValue = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_DECIMAL = /^-?\d+(?:\.\d+)?$/;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const text = FORMULA_START.test(value) && !PLAIN_DECIMAL.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
