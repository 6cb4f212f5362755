// A1 addressing helpers shared by the core (conditional-format formulas) and the adapter.

/** 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** A1 address of a block given 0-based first row/column and size. */
export function blockAddress(row: number, column: number, rowCount: number, columnCount: number): string {
  const first = `${columnLetter(column)}${row + 1}`;
  if (rowCount === 1 && columnCount === 1) return first;
  return `${first}:${columnLetter(column + columnCount - 1)}${row + rowCount}`;
}

/** Sheet names: ≤ 31 characters, none of : \ / ? * [ ], not starting or ending with an apostrophe. */
export function safeSheetName(name: string): string {
  const cleaned = name.replace(/[:\\/?*[\]]/g, ' ').replace(/^'+|'+$/g, '').replace(/\s+/g, ' ').trim();
  return (cleaned === '' ? 'Sheet' : cleaned).slice(0, 31).trim();
}

/** Table names: letters, digits, underscores; start with a letter or underscore; ≤ 255 chars. */
export function safeTableName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_]/g, '_');
  return (/^[A-Za-z_]/.test(cleaned) ? cleaned : `_${cleaned}`).slice(0, 255);
}
