// Text that a spreadsheet would run as a formula (OWASP "CSV injection"): a cell starting with
// = + - @, a tab or a line break, their full-width forms, or an apostrophe (which Excel eats).
// One definition for every place Crossdock hands text to a spreadsheet: the add-in's cells
// (addin/core/cells.ts) and `crossdock query --format csv` (pipeline/analytics/format.ts).

export const FORMULA_TRIGGER = /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20']/;

/** Whether a spreadsheet opening this text would treat it as a formula (or drop its first character). */
export function startsLikeFormula(text: string): boolean {
  return FORMULA_TRIGGER.test(text);
}

/** The text with a leading apostrophe when it starts like a formula: shown as written, never run. */
export function neutraliseFormula(text: string): string {
  return startsLikeFormula(text) ? `'${text}` : text;
}
