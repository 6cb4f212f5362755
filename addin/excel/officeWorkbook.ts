// The only module that calls the Excel JavaScript API. It executes what addin/core decided:
// table models, column writes and reads, in batches sized by core/chunking (≤ 4 MB per sync).
import { columnLetter } from '../core/address';
import { toCell, type CellValue } from '../core/cells';
import { EXCEL_LIMITS, planBodyChunks, planChunks, planReadBlocks, rowBytes, type ChunkLimits } from '../core/chunking';
import { TEXT_FORMAT } from '../core/columnFormats';
import { findColumn } from '../core/headers';
import type { ColumnWrite } from '../core/stock';
import { tableAddress, type TableModel } from '../core/tableModel';
import type { TableColumns, WorkbookPort, WriteProgress } from './port';

/** `Excel.run` with options; injected so tests can pass the fake's run. */
export type ExcelRun = <T>(options: Excel.RunOptions, batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

export interface OfficeWorkbookOptions {
  run: ExcelRun;
  /** `Office.context.requirements.isSetSupported('ExcelApi', v)`; Table.resize needs 1.13. */
  supportsExcelApi: (version: string) => boolean;
  limits?: ChunkLimits;
}

/** What Excel's protection allows on our protected (stock) sheet. A UX guard, not security. */
const PROTECTION: Excel.WorksheetProtectionOptions = { allowAutoFilter: true, allowSort: true, allowFormatColumns: true, allowFormatRows: true };
const TABLE_STYLE = 'TableStyleMedium2';
/** Rows and columns cleared to the right of a table where chart data blocks live. */
const CHART_AREA_ROWS = 120;
const CHART_AREA_COLUMNS = 3;

/** Queues loading a table's header texts and where its body sits (read after the next sync). */
function loadTableFrame(table: Excel.Table): { header: Excel.Range; body: Excel.Range } {
  const header = table.getHeaderRowRange();
  header.load('values');
  const body = table.getDataBodyRange();
  body.load('rowIndex,columnIndex,rowCount');
  return { header, body };
}

export class OfficeWorkbook implements WorkbookPort {
  private readonly run: ExcelRun;
  private readonly supports: (version: string) => boolean;
  private readonly limits: ChunkLimits;
  /** Wait for the user to leave cell-edit mode instead of failing the batch (ExcelApi 1.11). */
  private readonly runOptions: Excel.RunOptions;

  constructor(options: OfficeWorkbookOptions) {
    this.run = options.run;
    this.supports = options.supportsExcelApi;
    this.limits = options.limits ?? EXCEL_LIMITS;
    this.runOptions = this.supports('1.11') ? { delayForCellEdit: true } : {};
  }

  async writeTable(model: TableModel, onProgress?: (p: WriteProgress) => void): Promise<void> {
    const width = model.columns.length;
    const bodyRows = model.body.length;
    const formats = model.columns.map((c) => c.numberFormat);
    const chunks = planBodyChunks(model.body, formats, this.limits);

    await this.run(this.runOptions, async (ctx) => {
      // 1. Where does this dataset live now?
      const existing = ctx.workbook.tables.getItemOrNullObject(model.tableName);
      const sheets = ctx.workbook.worksheets;
      sheets.load('items/name');
      await ctx.sync();

      let sheet: Excel.Worksheet;
      let old: { rows: number; width: number; headers: string[] } | null = null;
      let replaceInPlace = false;
      if (!existing.isNullObject) {
        sheet = existing.worksheet;
        const range = existing.getRange();
        range.load('rowIndex,columnIndex,rowCount,columnCount');
        const header = existing.getHeaderRowRange();
        header.load('values');
        sheet.protection.load('protected');
        const charts = sheet.charts;
        charts.load('items/name');
        await ctx.sync();
        old = { rows: range.rowCount - 1, width: range.columnCount, headers: (header.values[0] ?? []).map(String) };
        const atHome = range.rowIndex === model.headerRow && range.columnIndex === 0;
        const sameHeaders = old.headers.length === width && old.headers.every((h, i) => h === model.columns[i].header);
        replaceInPlace = atHome && sameHeaders && this.supports('1.13');
        if (sheet.protection.protected) sheet.protection.unprotect();
        for (const chart of charts.items) if (chart.name.startsWith(`${model.tableName}_`)) chart.delete();
        if (!replaceInPlace) {
          existing.delete();
          // Addressed by position: the table (and ranges derived from it) no longer exists.
          sheet.getRangeByIndexes(range.rowIndex, range.columnIndex, range.rowCount, range.columnCount).clear('All');
        } else if (old.rows > bodyRows) {
          sheet.getRangeByIndexes(model.headerRow + 1 + bodyRows, 0, old.rows - bodyRows, width).clear('All');
        }
        sheet.getRangeByIndexes(model.headerRow, 0, Math.max(old.rows, bodyRows, 1) + 1, Math.max(old.width, width)).conditionalFormats.clearAll();
        sheet.getRangeByIndexes(model.headerRow, old.width, CHART_AREA_ROWS, CHART_AREA_COLUMNS + 1).clear('All');
      } else {
        sheet = await this.freshSheet(ctx, sheets.items.map((s) => s.name), model.sheetName);
        sheet.protection.load('protected');
        await ctx.sync();
        if (sheet.protection.protected) sheet.protection.unprotect();
      }
      if (!replaceInPlace || old === null || old.width !== width) {
        sheet.getRangeByIndexes(model.headerRow, width, CHART_AREA_ROWS, CHART_AREA_COLUMNS + 1).clear('All');
      }

      // 2. Title, stamp and header (text cells: "@" first, then sanitised values).
      const top = sheet.getRangeByIndexes(0, 0, 2, 1);
      top.numberFormat = [[TEXT_FORMAT], [TEXT_FORMAT]];
      top.values = [[toCell(model.title, 'string')], [toCell(model.stamp, 'string')]];
      top.getCell(0, 0).format.font.bold = true;
      top.getCell(0, 0).format.font.size = 14;
      top.getCell(1, 0).format.font.italic = true;
      top.getCell(1, 0).format.font.color = '#595959';
      const header = sheet.getRangeByIndexes(model.headerRow, 0, 1, width);
      header.numberFormat = [formats.map(() => TEXT_FORMAT)];
      header.values = [model.columns.map((c) => toCell(c.header, 'string'))];
      await ctx.sync();

      // 3. The body, one bounded batch per chunk: formats before values in the same batch.
      let written = 0;
      for (const chunk of chunks) {
        ctx.workbook.application.suspendApiCalculationUntilNextSync();
        const rows = chunk.end - chunk.start;
        const range = sheet.getRangeByIndexes(model.headerRow + 1 + chunk.start, 0, rows, width);
        range.numberFormat = Array.from({ length: rows }, () => formats);
        range.values = model.body.slice(chunk.start, chunk.end);
        await ctx.sync();
        written += rows;
        onProgress?.({ rowsWritten: written, totalRows: bodyRows });
      }
      if (bodyRows === 0) onProgress?.({ rowsWritten: 0, totalRows: 0 });

      // 4. Table, widths, rules, charts, panes, protection.
      const address = tableAddress(model);
      let table: Excel.Table;
      if (replaceInPlace) {
        table = existing;
        table.resize(address);
      } else {
        table = sheet.tables.add(address, true);
        table.name = model.tableName;
      }
      table.style = TABLE_STYLE;
      table.showFilterButton = true;

      model.columns.forEach((c, i) => {
        const column = sheet.getRangeByIndexes(0, i, 1, 1).getEntireColumn();
        column.format.columnWidth = c.widthPt;
        column.columnHidden = c.hidden;
      });

      const ruleRows = Math.max(1, bodyRows);
      for (const rule of model.conditionalFormats) {
        const target = sheet.getRangeByIndexes(model.headerRow + 1, rule.firstColumn, ruleRows, rule.lastColumn - rule.firstColumn + 1);
        const cf = target.conditionalFormats.add('Custom');
        cf.custom.rule.formula = rule.formula;
        if (rule.fill) cf.custom.format.fill.color = rule.fill;
        if (rule.fontColor) cf.custom.format.font.color = rule.fontColor;
        if (rule.numberFormat) cf.custom.format.numberFormat = rule.numberFormat;
      }

      for (const chart of model.charts) {
        const series = chart.header.length - 1;
        const block = sheet.getRangeByIndexes(chart.row, chart.column, chart.rows.length + 1, series + 1);
        block.numberFormat = [chart.header.map(() => TEXT_FORMAT), ...chart.rows.map(() => [TEXT_FORMAT, ...Array<string>(series).fill(chart.valueFormat)])];
        // an empty cell, not 0, where a series has no point (the history ends where the forecast starts)
        block.values = [chart.header.map((h) => toCell(h, 'string')), ...chart.rows.map(([k, ...vs]) => [toCell(k, 'string'), ...vs.map((v) => v ?? '')])];
        const drawn = sheet.charts.add(chart.kind, block, 'Columns');
        drawn.name = `${model.tableName}_${chart.name}`;
        drawn.title.text = chart.title;
        drawn.setPosition(`${columnLetter(chart.column + series + 2)}${chart.row + 1}`, `${columnLetter(chart.column + series + 9)}${chart.row + 18}`);
      }

      // freezeAt freezes the rows above and the columns left of the range's end together; a
      // freezeColumns after freezeRows would replace the frozen rows.
      if (model.freezeColumns > 0) sheet.freezePanes.freezeAt(sheet.getRangeByIndexes(0, 0, model.freezeRows, model.freezeColumns));
      else sheet.freezePanes.freezeRows(model.freezeRows);
      if (model.protect) {
        model.columns.forEach((c, i) => {
          if (c.editable) sheet.getRangeByIndexes(model.headerRow + 1, i, ruleRows, 1).format.protection.locked = false;
        });
        sheet.protection.protect(PROTECTION);
      }
      await ctx.sync();
    });
  }

  /** A sheet for a new table: the model's name when free or empty, else "Name (2)", "Name (3)"… */
  private async freshSheet(ctx: Excel.RequestContext, names: string[], wanted: string): Promise<Excel.Worksheet> {
    const taken = new Set(names.map((n) => n.toLowerCase()));
    if (taken.has(wanted.toLowerCase())) {
      const sheet = ctx.workbook.worksheets.getItem(wanted);
      const used = sheet.getUsedRangeOrNullObject(true);
      await ctx.sync();
      if (used.isNullObject) return sheet;
      for (let n = 2; ; n++) {
        const suffix = ` (${n})`;
        const candidate = wanted.slice(0, 31 - suffix.length) + suffix;
        if (!taken.has(candidate.toLowerCase())) return ctx.workbook.worksheets.add(candidate);
      }
    }
    return ctx.workbook.worksheets.add(wanted);
  }

  async readColumns(tableName: string, names: readonly string[]): Promise<TableColumns | null> {
    return this.run(this.runOptions, async (ctx) => {
      const table = ctx.workbook.tables.getItemOrNullObject(tableName);
      await ctx.sync();
      if (table.isNullObject) return null;
      const { header, body } = loadTableFrame(table);
      await ctx.sync();
      const headers = (header.values[0] ?? []).map(String);
      const present = names.map((n) => ({ name: n, index: findColumn(headers, n) }));
      const found = present.filter((p) => p.index >= 0);
      const columns: Record<string, CellValue[]> = Object.fromEntries(found.map((p) => [p.name, [] as CellValue[]]));
      const sheet = table.worksheet;
      for (const [start, end] of planReadBlocks(body.rowCount, found.length, 64, this.limits)) {
        const ranges = found.map((p) => {
          const r = sheet.getRangeByIndexes(body.rowIndex + start, body.columnIndex + p.index, end - start, 1);
          r.load('values');
          return { name: p.name, r };
        });
        await ctx.sync();
        for (const { name, r } of ranges) for (const row of r.values) columns[name].push(row[0] as CellValue);
      }
      return { rowCount: body.rowCount, columns, missing: present.filter((p) => p.index < 0).map((p) => p.name) };
    });
  }

  async writeColumns(tableName: string, writes: readonly ColumnWrite[]): Promise<void> {
    if (!writes.length) return;
    await this.run(this.runOptions, async (ctx) => {
      const table = ctx.workbook.tables.getItem(tableName);
      const { header, body } = loadTableFrame(table);
      const sheet = table.worksheet;
      sheet.protection.load('protected');
      await ctx.sync();
      const headers = (header.values[0] ?? []).map(String);
      const targets = writes.map((w) => {
        const index = findColumn(headers, w.name);
        if (index < 0) throw new Error(`table ${tableName} has no column "${w.name}"`);
        if (w.values.length !== body.rowCount) throw new Error(`column "${w.name}": ${w.values.length} values for ${body.rowCount} rows`);
        return { ...w, index };
      });
      const wasProtected = sheet.protection.protected;
      if (wasProtected) sheet.protection.unprotect();
      // Each column travels as its own rows×1 array: size the batches on that shape.
      const perRow = Array.from({ length: body.rowCount }, (_, i) => targets.reduce((s, w) => s + rowBytes([w.values[i]]), 0));
      const formatRow = targets.reduce((s, w) => s + rowBytes([w.numberFormat]), 0);
      for (const chunk of planChunks(perRow, targets.length, formatRow, this.limits)) {
        for (const w of targets) {
          const r = sheet.getRangeByIndexes(body.rowIndex + chunk.start, body.columnIndex + w.index, chunk.end - chunk.start, 1);
          r.numberFormat = Array.from({ length: chunk.end - chunk.start }, () => [w.numberFormat]);
          r.values = w.values.slice(chunk.start, chunk.end).map((v) => [v]);
        }
        await ctx.sync();
      }
      if (wasProtected) sheet.protection.protect(PROTECTION);
      await ctx.sync();
    });
  }

  async selectCell(tableName: string, row: number, column: string): Promise<void> {
    await this.run(this.runOptions, async (ctx) => {
      const table = ctx.workbook.tables.getItem(tableName);
      const { header, body } = loadTableFrame(table);
      await ctx.sync();
      const index = findColumn((header.values[0] ?? []).map(String), column);
      if (index < 0) throw new Error(`table ${tableName} has no column "${column}"`);
      if (row < 0 || row >= body.rowCount) throw new Error(`table ${tableName} has no row ${row + 1}; refresh it`);
      table.worksheet.activate();
      table.worksheet.getRangeByIndexes(body.rowIndex + row, body.columnIndex + index, 1, 1).select();
      await ctx.sync();
    });
  }

  async activate(tableName: string): Promise<void> {
    await this.run(this.runOptions, async (ctx) => {
      ctx.workbook.tables.getItem(tableName).worksheet.activate();
      await ctx.sync();
    });
  }
}

