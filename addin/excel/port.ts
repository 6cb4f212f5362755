// What the rest of the add-in may ask of the workbook. The only implementation that talks to
// Excel is officeWorkbook.ts; tests run it against the fake in test/support/fakeExcel.
import type { CellValue } from '../core/cells';
import type { ColumnWrite } from '../core/stock';
import type { TableModel } from '../core/tableModel';

export interface WriteProgress {
  rowsWritten: number;
  totalRows: number;
}

/** Body columns of a table, read by column name (headers matched in any locale). */
export interface TableColumns {
  rowCount: number;
  /** Present columns, each a full body column. */
  columns: Record<string, CellValue[]>;
  /** Requested names with no matching header. */
  missing: string[];
}

export interface WorkbookPort {
  /** Writes one dataset onto its sheet, replacing the previous refresh of it in place. */
  writeTable(model: TableModel, onProgress?: (p: WriteProgress) => void): Promise<void>;
  /** Reads the named body columns of a table; null when the workbook has no such table. */
  readColumns(tableName: string, names: readonly string[]): Promise<TableColumns | null>;
  /** Replaces whole body columns of a table (each `values` has one entry per body row). */
  writeColumns(tableName: string, writes: readonly ColumnWrite[]): Promise<void>;
  /** Brings the table's sheet to the front. */
  activate(tableName: string): Promise<void>;
  /** Brings the table's sheet to the front with one body cell (0-based row, column by name) selected. */
  selectCell(tableName: string, row: number, column: string): Promise<void>;
}
