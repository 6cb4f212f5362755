// Fake Excel JavaScript API objects over FakeWorkbookModel, with Office.js's batching model:
// property writes and method calls are queued and run at `context.sync()`; property reads need
// `load()` + `sync()` first or they throw PropertyNotLoaded; a batch over 5 MB throws
// RequestPayloadSizeLimitExceeded; a response over 5 MB throws ResponsePayloadSizeLimitExceeded.
// Every class is checked at compile time to expose only members the real Excel type has, so a
// misspelt API (autoFitColumns vs autofitColumns) fails to compile instead of passing silently.
import { checkNumberFormat, FakeExcelError, FakeSheet, FakeWorkbookModel, parseAddress, rectAddress, type Rect, type TableMeta, type ChartMeta, type ConditionalFormatMeta } from './model';

/** Compile-time: every public member of F exists on E. */
type OnlyRealMembers<F, E> = Exclude<keyof F, keyof E> extends never ? true : { unknownMembers: Exclude<keyof F, keyof E> };
function assertReal<T extends true>(): T | undefined {
  return undefined;
}

const OP_OVERHEAD = 40;

function utf8(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? (i++, 4) : 3;
  }
  return bytes;
}

function payloadBytes(value: unknown): number {
  return OP_OVERHEAD + (value === undefined ? 0 : utf8(JSON.stringify(value)));
}

interface QueuedOp {
  bytes: number;
  run(): number | void; // returns response bytes for loads
}

export interface SyncStats {
  syncs: number;
  maxBatchBytes: number;
}

export class FakeRequestContext {
  readonly workbook: FakeWorkbook;
  private queue: QueuedOp[] = [];

  constructor(private readonly model: FakeWorkbookModel) {
    this.workbook = new FakeWorkbook(this);
  }


  async sync(): Promise<void> {
    const ops = this.queue;
    this.queue = [];
    const bytes = ops.reduce((s, o) => s + o.bytes, 0);
    this.model.batches.push({ bytes, operations: ops.length });
    if (bytes > this.model.maxRequestBytes) {
      throw new FakeExcelError('RequestPayloadSizeLimitExceeded', `the request is ${bytes} bytes; the limit is ${this.model.maxRequestBytes}`);
    }
    let response = 0;
    for (const op of ops) response += op.run() ?? 0;
    if (response > this.model.maxResponseBytes) {
      throw new FakeExcelError('ResponsePayloadSizeLimitExceeded', `the response is ${response} bytes; the limit is ${this.model.maxResponseBytes}`);
    }
    // A real sync is a round trip to the host: yield to the event loop so the pane can paint.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

type LoadArg = string | string[] | { select?: string | string[] } | undefined;

function loadProps(arg: LoadArg): string[] {
  if (arg === undefined) return [];
  const list = typeof arg === 'string' ? arg.split(',') : Array.isArray(arg) ? arg : typeof arg.select === 'string' ? arg.select.split(',') : (arg.select ?? []);
  return list.map((s) => s.trim()).filter((s) => s !== '');
}

abstract class BaseObject {
  private readonly children = new Map<string, unknown>();
  constructor(protected readonly ctx: FakeRequestContext) {}

  /** Navigation properties return the same proxy every time, as in Office.js. */
  protected child<T>(key: string, make: () => T): T {
    if (!this.children.has(key)) this.children.set(key, make());
    return this.children.get(key) as T;
  }

  get context(): FakeRequestContext {
    return this.ctx;
  }
}

abstract class ClientObject extends BaseObject {
  protected readonly loaded = new Map<string, unknown>();

  /** The values a `load` of `prop` returns, computed at sync time. */
  protected abstract snapshot(prop: string): unknown;

  protected read<T>(prop: string): T {
    if (!this.loaded.has(prop)) {
      throw new FakeExcelError('PropertyNotLoaded', `The property '${prop}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`);
    }
    return this.loaded.get(prop) as T;
  }

  load(arg?: LoadArg): this {
    const props = loadProps(arg);
    enqueue(this.ctx, OP_OVERHEAD, () => {
      let bytes = 0;
      for (const p of props) {
        const v = this.snapshot(p);
        this.loaded.set(p.split('/')[0], v); // 'items/name' loads `items`
        // Collections answer with one small object per item.
        bytes += Array.isArray(v) && v[0] instanceof BaseObject ? OP_OVERHEAD * (v.length + 1) : payloadBytes(v);
      }
      return bytes;
    });
    return this;
  }
}

// Internals the fake's classes share without exposing them as (non-Excel) public members.
function enqueue(ctx: FakeRequestContext, bytes: number, run: () => number | void): void {
  (ctx as unknown as { queue: QueuedOp[] }).queue.push({ bytes, run });
}
function modelOf(ctx: FakeRequestContext): FakeWorkbookModel {
  return (ctx as unknown as { model: FakeWorkbookModel }).model;
}

/** ExcelApi version `a` is at least `b`. */
function atLeast(a: string, b: string): boolean {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number));
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0);
  return true;
}

/**
 * A member newer than the host's ExcelApi version fails the batch at sync, as an older Excel
 * answers a request it does not know (the office.js library itself always has the member).
 */
function requireApi(ctx: FakeRequestContext, version: string, member: string): void {
  const host = modelOf(ctx).apiVersion;
  if (!atLeast(host, version)) enqueue(ctx, OP_OVERHEAD, () => {
    throw new FakeExcelError('ApiNotFound', `${member} needs ExcelApi ${version}; this Excel has ${host}`);
  });
}
function loadedOf(o: ClientObject): Map<string, unknown> {
  return (o as unknown as { loaded: Map<string, unknown> }).loaded;
}
/** getItemOrNullObject and friends: isNullObject becomes readable after the next sync. */
function markNullness(o: ClientObject, isNull: () => boolean): void {
  enqueue(o.context, OP_OVERHEAD, () => {
    loadedOf(o).set('isNullObject', isNull());
  });
}
function preloadProp(o: ClientObject, prop: string, value: unknown): void {
  loadedOf(o).set(prop, value);
}
const rangeRefs = new WeakMap<FakeRange, RangeRef>();
function resolveRange(r: FakeRange): { sheet: FakeSheet; rect: Rect } {
  return (rangeRefs.get(r) as RangeRef)();
}

type SheetRef = () => FakeSheet;
type RangeRef = () => { sheet: FakeSheet; rect: Rect };

export class FakeWorkbook extends ClientObject {
  readonly worksheets: FakeWorksheetCollection;
  readonly tables: FakeTableCollection;
  readonly application: FakeApplication;
  constructor(ctx: FakeRequestContext) {
    super(ctx);
    this.worksheets = new FakeWorksheetCollection(ctx);
    this.tables = new FakeTableCollection(ctx, null);
    this.application = new FakeApplication(ctx);
  }
  protected snapshot(prop: string): unknown {
    throw new FakeExcelError('InvalidArgument', `Workbook.${prop} is not modelled`);
  }
}

export class FakeApplication extends ClientObject {
  suspendApiCalculationUntilNextSync(): void {
    requireApi(this.ctx, '1.6', 'Application.suspendApiCalculationUntilNextSync');
    enqueue(this.ctx, OP_OVERHEAD, () => undefined);
  }
  protected snapshot(prop: string): unknown {
    throw new FakeExcelError('InvalidArgument', `Application.${prop} is not modelled`);
  }
}

export class FakeWorksheetCollection extends ClientObject {
  getItem(name: string): FakeWorksheet {
    const ws = new FakeWorksheet(this.ctx, () => {
      const s = modelOf(this.ctx).findSheet(name);
      if (!s) throw new FakeExcelError('ItemNotFound', `no worksheet "${name}"`);
      return s;
    });
    return ws;
  }
  getItemOrNullObject(name: string): FakeWorksheet {
    const ws = new FakeWorksheet(this.ctx, () => {
      const s = modelOf(this.ctx).findSheet(name);
      if (!s) throw new FakeExcelError('ItemNotFound', `no worksheet "${name}"`);
      return s;
    });
    markNullness(ws, () => modelOf(this.ctx).findSheet(name) === undefined);
    return ws;
  }
  add(name?: string): FakeWorksheet {
    let created: FakeSheet | null = null;
    enqueue(this.ctx, payloadBytes(name), () => {
      created = modelOf(this.ctx).addSheet(name ?? `Sheet${modelOf(this.ctx).sheets.length + 1}`);
    });
    return new FakeWorksheet(this.ctx, () => {
      if (!created) throw new FakeExcelError('ItemNotFound', 'the sheet was not added');
      return created;
    });
  }
  get items(): FakeWorksheet[] {
    return this.read<FakeWorksheet[]>('items');
  }
  protected snapshot(prop: string): unknown {
    if (prop.startsWith('items')) {
      return modelOf(this.ctx).sheets.map((s) => {
        const w = new FakeWorksheet(this.ctx, () => s);
        preloadProp(w, 'name', s.name);
        return w;
      });
    }
    throw new FakeExcelError('InvalidArgument', `WorksheetCollection.${prop}`);
  }
}

export class FakeWorksheet extends ClientObject {
  constructor(ctx: FakeRequestContext, private readonly ref: SheetRef) {
    super(ctx);
  }
  get isNullObject(): boolean {
    return this.read<boolean>('isNullObject');
  }
  get name(): string {
    return this.read<string>('name');
  }
  get tables(): FakeTableCollection {
    return this.child('tables', () => new FakeTableCollection(this.ctx, this.ref));
  }
  get charts(): FakeChartCollection {
    return this.child('charts', () => new FakeChartCollection(this.ctx, this.ref));
  }
  get freezePanes(): FakeWorksheetFreezePanes {
    return this.child('freezePanes', () => new FakeWorksheetFreezePanes(this.ctx, this.ref));
  }
  get protection(): FakeWorksheetProtection {
    return this.child('protection', () => new FakeWorksheetProtection(this.ctx, this.ref));
  }
  getRange(address?: string): FakeRange {
    return new FakeRange(this.ctx, () => ({ sheet: this.ref(), rect: address ? parseAddress(address) : parseAddress('A:XFD') }));
  }
  getRangeByIndexes(startRow: number, startColumn: number, rowCount: number, columnCount: number): FakeRange {
    requireApi(this.ctx, '1.7', 'Worksheet.getRangeByIndexes');
    if (rowCount < 1 || columnCount < 1) throw new FakeExcelError('InvalidArgument', `getRangeByIndexes(${startRow}, ${startColumn}, ${rowCount}, ${columnCount})`);
    return new FakeRange(this.ctx, () => ({ sheet: this.ref(), rect: { row: startRow, column: startColumn, rowCount, columnCount } }));
  }
  getUsedRangeOrNullObject(_valuesOnly?: boolean): FakeRange {
    requireApi(this.ctx, '1.4', 'Worksheet.getUsedRangeOrNullObject');
    const r = new FakeRange(this.ctx, () => {
      const sheet = this.ref();
      const used = sheet.usedRect();
      if (!used) throw new FakeExcelError('ItemNotFound', 'the sheet is empty');
      return { sheet, rect: used };
    });
    markNullness(r, () => this.ref().usedRect() === null);
    return r;
  }
  activate(): void {
    enqueue(this.ctx, OP_OVERHEAD, () => {
      modelOf(this.ctx).activeSheet = this.ref();
    });
  }
  protected snapshot(prop: string): unknown {
    const s = this.ref();
    if (prop === 'name') return s.name;
    if (prop === 'id') return String(s.id);
    throw new FakeExcelError('InvalidArgument', `Worksheet.${prop} is not modelled`);
  }
}

export class FakeWorksheetFreezePanes extends BaseObject {
  constructor(ctx: FakeRequestContext, private readonly ref: SheetRef) {
    super(ctx);
  }
  // Each freeze call replaces the previous one, as in Excel: freezeRows unfreezes columns.
  freezeRows(count?: number): void {
    requireApi(this.ctx, '1.7', 'WorksheetFreezePanes.freezeRows');
    enqueue(this.ctx, OP_OVERHEAD, () => {
      this.ref().frozenRows = count ?? 1;
      this.ref().frozenColumns = 0;
    });
  }
  freezeColumns(count?: number): void {
    requireApi(this.ctx, '1.7', 'WorksheetFreezePanes.freezeColumns');
    enqueue(this.ctx, OP_OVERHEAD, () => {
      this.ref().frozenRows = 0;
      this.ref().frozenColumns = count ?? 1;
    });
  }
  /** Freezes the rows above and the columns left of the range's bottom-right corner, from A1. */
  freezeAt(frozenRange: FakeRange | string): void {
    requireApi(this.ctx, '1.7', 'WorksheetFreezePanes.freezeAt');
    enqueue(this.ctx, OP_OVERHEAD, () => {
      const sheet = this.ref();
      const rect = typeof frozenRange === 'string' ? parseAddress(frozenRange) : resolveRange(frozenRange).rect;
      if (typeof frozenRange !== 'string' && resolveRange(frozenRange).sheet !== sheet) throw new FakeExcelError('InvalidArgument', 'freezeAt needs a range of the same sheet');
      sheet.frozenRows = rect.row + rect.rowCount;
      sheet.frozenColumns = rect.column + rect.columnCount;
    });
  }
}

export class FakeWorksheetProtection extends ClientObject {
  constructor(ctx: FakeRequestContext, private readonly ref: SheetRef) {
    super(ctx);
  }
  get protected(): boolean {
    return this.read<boolean>('protected');
  }
  protect(options?: Record<string, unknown>, _password?: string): void {
    requireApi(this.ctx, '1.2', 'WorksheetProtection.protect');
    enqueue(this.ctx, payloadBytes(options), () => {
      const s = this.ref();
      // Since 2026-06 Excel throws when protecting an already-protected sheet (office-js #6784).
      if (s.protected) throw new FakeExcelError('AccessDenied', `sheet "${s.name}" is already protected`);
      if (options && Object.values(options).some((v) => v === null)) throw new FakeExcelError('InvalidArgument', 'protection options must not be null');
      s.protected = true;
      s.protectionOptions = options ?? {};
    });
  }
  unprotect(_password?: string): void {
    enqueue(this.ctx, OP_OVERHEAD, () => {
      const s = this.ref();
      if (!s.protected) throw new FakeExcelError('AccessDenied', `sheet "${s.name}" is not protected`);
      s.protected = false;
    });
  }
  protected snapshot(prop: string): unknown {
    if (prop === 'protected') return this.ref().protected;
    throw new FakeExcelError('InvalidArgument', `WorksheetProtection.${prop}`);
  }
}

export class FakeRange extends ClientObject {
  constructor(ctx: FakeRequestContext, private readonly ref: RangeRef) {
    super(ctx);
    rangeRefs.set(this, ref);
  }
  get isNullObject(): boolean {
    return this.read<boolean>('isNullObject');
  }
  get values(): unknown[][] {
    return this.read<unknown[][]>('values');
  }
  set values(rows: unknown[][]) {
    enqueue(this.ctx, payloadBytes(rows), () => {
      const { sheet, rect } = this.ref();
      sheet.writeValues(rect, rows);
    });
  }
  get numberFormat(): unknown[][] {
    return this.read<unknown[][]>('numberFormat');
  }
  set numberFormat(rows: unknown[][]) {
    enqueue(this.ctx, payloadBytes(rows), () => {
      const { sheet, rect } = this.ref();
      sheet.writeFormats(rect, rows);
    });
  }
  get columnHidden(): boolean {
    return this.read<boolean>('columnHidden');
  }
  set columnHidden(hidden: boolean) {
    enqueue(this.ctx, OP_OVERHEAD, () => {
      const { sheet, rect } = this.ref();
      for (let c = rect.column; c < rect.column + rect.columnCount; c++) {
        if (hidden) sheet.hiddenColumns.add(c);
        else sheet.hiddenColumns.delete(c);
      }
    });
  }
  get address(): string {
    return this.read<string>('address');
  }
  get rowCount(): number {
    return this.read<number>('rowCount');
  }
  get columnCount(): number {
    return this.read<number>('columnCount');
  }
  get rowIndex(): number {
    return this.read<number>('rowIndex');
  }
  get columnIndex(): number {
    return this.read<number>('columnIndex');
  }
  get format(): FakeRangeFormat {
    return this.child('format', () => new FakeRangeFormat(this.ctx, this.ref));
  }
  get conditionalFormats(): FakeConditionalFormatCollection {
    return this.child('conditionalFormats', () => new FakeConditionalFormatCollection(this.ctx, this.ref));
  }
  getEntireColumn(): FakeRange {
    return new FakeRange(this.ctx, () => {
      const { sheet, rect } = this.ref();
      return { sheet, rect: { ...rect, row: 0, rowCount: 1_048_576 } };
    });
  }
  getCell(row: number, column: number): FakeRange {
    return new FakeRange(this.ctx, () => {
      const { sheet, rect } = this.ref();
      return { sheet, rect: { row: rect.row + row, column: rect.column + column, rowCount: 1, columnCount: 1 } };
    });
  }
  clear(applyTo?: string): void {
    enqueue(this.ctx, OP_OVERHEAD, () => {
      const { sheet, rect } = this.ref();
      sheet.clear(rect, applyTo ?? 'All');
    });
  }
  select(): void {
    enqueue(this.ctx, OP_OVERHEAD, () => {
      const { sheet, rect } = this.ref();
      modelOf(this.ctx).selection = { sheet, rect };
    });
  }
  protected snapshot(prop: string): unknown {
    const { sheet, rect } = this.ref();
    switch (prop) {
      case 'values':
        if (rect.rowCount * rect.columnCount > 5_000_000) return null; // Excel returns null past 5M cells
        return sheet.readValues(rect);
      case 'numberFormat':
        return sheet.readFormats(rect);
      case 'address':
        return rectAddress(sheet.name, rect);
      case 'rowCount':
        return rect.rowCount;
      case 'columnCount':
        return rect.columnCount;
      case 'rowIndex':
        return rect.row;
      case 'columnIndex':
        return rect.column;
      case 'columnHidden':
        return Array.from({ length: rect.columnCount }, (_, i) => sheet.hiddenColumns.has(rect.column + i)).every(Boolean);
      default:
        throw new FakeExcelError('InvalidArgument', `Range.${prop} is not modelled`);
    }
  }
}

export class FakeRangeFormat extends ClientObject {
  constructor(ctx: FakeRequestContext, private readonly ref: RangeRef) {
    super(ctx);
  }
  set columnWidth(points: number) {
    enqueue(this.ctx, OP_OVERHEAD, () => {
      const { sheet, rect } = this.ref();
      if (sheet.protected && !sheet.protectionOptions?.allowFormatColumns) throw new FakeExcelError('AccessDenied', 'formatting columns of a protected sheet');
      for (let c = rect.column; c < rect.column + rect.columnCount; c++) sheet.columnWidths.set(c, points);
    });
  }
  get columnWidth(): number {
    return this.read<number>('columnWidth');
  }
  get font(): FakeRangeFont {
    return this.child('font', () => new FakeRangeFont(this.ctx));
  }
  get protection(): FakeFormatProtection {
    return this.child('protection', () => new FakeFormatProtection(this.ctx, this.ref));
  }
  protected snapshot(prop: string): unknown {
    if (prop === 'columnWidth') {
      const { sheet, rect } = this.ref();
      return sheet.columnWidths.get(rect.column) ?? 48;
    }
    throw new FakeExcelError('InvalidArgument', `RangeFormat.${prop}`);
  }
}

/** Fonts are accepted and not modelled (nothing in our risk list depends on them). */
export class FakeRangeFont extends ClientObject {
  set bold(_v: boolean) {
    enqueue(this.ctx, OP_OVERHEAD, () => undefined);
  }
  set italic(_v: boolean) {
    enqueue(this.ctx, OP_OVERHEAD, () => undefined);
  }
  set color(_v: string) {
    enqueue(this.ctx, OP_OVERHEAD, () => undefined);
  }
  set size(_v: number) {
    enqueue(this.ctx, OP_OVERHEAD, () => undefined);
  }
  protected snapshot(prop: string): unknown {
    throw new FakeExcelError('InvalidArgument', `RangeFont.${prop}`);
  }
}

export class FakeFormatProtection extends ClientObject {
  constructor(ctx: FakeRequestContext, private readonly ref: RangeRef) {
    super(ctx);
  }
  set locked(locked: boolean) {
    enqueue(this.ctx, OP_OVERHEAD, () => {
      const { sheet, rect } = this.ref();
      sheet.setLocked(rect, locked);
    });
  }
  get locked(): boolean {
    return this.read<boolean>('locked');
  }
  protected snapshot(prop: string): unknown {
    if (prop === 'locked') {
      const { sheet, rect } = this.ref();
      return sheet.isLocked(rect.row, rect.column);
    }
    throw new FakeExcelError('InvalidArgument', `FormatProtection.${prop}`);
  }
}

export class FakeConditionalFormatCollection extends ClientObject {
  constructor(ctx: FakeRequestContext, private readonly ref: RangeRef) {
    super(ctx);
  }
  add(type: string): FakeConditionalFormat {
    const meta: ConditionalFormatMeta = { rect: { row: 0, column: 0, rowCount: 1, columnCount: 1 }, type, formula: '', fill: null, font: null, numberFormat: null };
    enqueue(this.ctx, payloadBytes(type), () => {
      const { sheet, rect } = this.ref();
      if (type !== 'Custom') throw new FakeExcelError('InvalidArgument', `conditional format type ${type} is not modelled`);
      meta.rect = rect;
      sheet.conditionalFormats.push(meta);
    });
    return new FakeConditionalFormat(this.ctx, meta);
  }
  clearAll(): void {
    enqueue(this.ctx, OP_OVERHEAD, () => {
      const { sheet, rect } = this.ref();
      for (let i = sheet.conditionalFormats.length - 1; i >= 0; i--) {
        const r = sheet.conditionalFormats[i].rect;
        const overlap = r.row < rect.row + rect.rowCount && rect.row < r.row + r.rowCount && r.column < rect.column + rect.columnCount && rect.column < r.column + r.columnCount;
        if (overlap) sheet.conditionalFormats.splice(i, 1);
      }
    });
  }
  protected snapshot(prop: string): unknown {
    throw new FakeExcelError('InvalidArgument', `ConditionalFormatCollection.${prop}`);
  }
}

export class FakeConditionalFormat extends ClientObject {
  constructor(ctx: FakeRequestContext, private readonly meta: ConditionalFormatMeta) {
    super(ctx);
  }
  get custom(): FakeCustomConditionalFormat {
    return this.child('custom', () => new FakeCustomConditionalFormat(this.ctx, this.meta));
  }
  protected snapshot(prop: string): unknown {
    throw new FakeExcelError('InvalidArgument', `ConditionalFormat.${prop}`);
  }
}

export class FakeCustomConditionalFormat extends ClientObject {
  constructor(ctx: FakeRequestContext, private readonly meta: ConditionalFormatMeta) {
    super(ctx);
  }
  get rule(): FakeConditionalFormatRule {
    return this.child('rule', () => new FakeConditionalFormatRule(this.ctx, this.meta));
  }
  get format(): FakeConditionalRangeFormat {
    return this.child('format', () => new FakeConditionalRangeFormat(this.ctx, this.meta));
  }
  protected snapshot(prop: string): unknown {
    throw new FakeExcelError('InvalidArgument', `CustomConditionalFormat.${prop}`);
  }
}

export class FakeConditionalFormatRule extends ClientObject {
  constructor(ctx: FakeRequestContext, private readonly meta: ConditionalFormatMeta) {
    super(ctx);
  }
  set formula(f: string) {
    enqueue(this.ctx, payloadBytes(f), () => {
      if (!f.startsWith('=')) throw new FakeExcelError('InvalidArgument', 'a conditional format formula starts with =');
      this.meta.formula = f;
    });
  }
  get formula(): string {
    return this.read<string>('formula');
  }
  protected snapshot(prop: string): unknown {
    if (prop === 'formula') return this.meta.formula;
    throw new FakeExcelError('InvalidArgument', `ConditionalFormatRule.${prop}`);
  }
}

export class FakeConditionalRangeFormat extends ClientObject {
  constructor(ctx: FakeRequestContext, private readonly meta: ConditionalFormatMeta) {
    super(ctx);
  }
  get fill(): FakeConditionalRangeFill {
    return this.child('fill', () => new FakeConditionalRangeFill(this.ctx, this.meta));
  }
  get font(): FakeConditionalRangeFont {
    return this.child('font', () => new FakeConditionalRangeFont(this.ctx, this.meta));
  }
  set numberFormat(format: unknown) {
    requireApi(this.ctx, '1.6', 'ConditionalRangeFormat.numberFormat');
    enqueue(this.ctx, payloadBytes(format), () => {
      if (typeof format !== 'string') throw new FakeExcelError('InvalidArgument', 'a conditional number format is a string');
      checkNumberFormat(format);
      this.meta.numberFormat = format;
    });
  }
  get numberFormat(): unknown {
    return this.read<unknown>('numberFormat');
  }
  protected snapshot(prop: string): unknown {
    if (prop === 'numberFormat') return this.meta.numberFormat;
    throw new FakeExcelError('InvalidArgument', `ConditionalRangeFormat.${prop}`);
  }
}

export class FakeConditionalRangeFill extends ClientObject {
  constructor(ctx: FakeRequestContext, private readonly meta: ConditionalFormatMeta) {
    super(ctx);
  }
  set color(c: string) {
    enqueue(this.ctx, payloadBytes(c), () => {
      this.meta.fill = c;
    });
  }
  get color(): string {
    return this.read<string>('color');
  }
  protected snapshot(prop: string): unknown {
    if (prop === 'color') return this.meta.fill;
    throw new FakeExcelError('InvalidArgument', `ConditionalRangeFill.${prop}`);
  }
}

export class FakeConditionalRangeFont extends ClientObject {
  constructor(ctx: FakeRequestContext, private readonly meta: ConditionalFormatMeta) {
    super(ctx);
  }
  set color(c: string) {
    enqueue(this.ctx, payloadBytes(c), () => {
      this.meta.font = c;
    });
  }
  get color(): string {
    return this.read<string>('color');
  }
  protected snapshot(prop: string): unknown {
    if (prop === 'color') return this.meta.font;
    throw new FakeExcelError('InvalidArgument', `ConditionalRangeFont.${prop}`);
  }
}

export class FakeTableCollection extends ClientObject {
  constructor(ctx: FakeRequestContext, private readonly sheetRef: SheetRef | null) {
    super(ctx);
  }
  add(address: string | FakeRange, hasHeaders: boolean): FakeTable {
    let meta: TableMeta | null = null;
    enqueue(this.ctx, payloadBytes(typeof address === 'string' ? address : 'range'), () => {
      let sheet: FakeSheet;
      let rect: Rect;
      if (typeof address === 'string') {
        const bang = address.lastIndexOf('!');
        if (bang >= 0) sheet = modelOf(this.ctx).sheet(address.slice(0, bang).replace(/^'|'$/g, '').replace(/''/g, "'"));
        else if (this.sheetRef) sheet = this.sheetRef();
        else throw new FakeExcelError('InvalidArgument', 'workbook.tables.add needs a sheet-qualified address');
        rect = parseAddress(address);
      } else ({ sheet, rect } = resolveRange(address));
      meta = modelOf(this.ctx).addTable(sheet, rect, hasHeaders);
    });
    return new FakeTable(this.ctx, () => {
      if (!meta) throw new FakeExcelError('ItemNotFound', 'the table was not added');
      return meta;
    });
  }
  getItem(name: string): FakeTable {
    return new FakeTable(this.ctx, () => this.find(name));
  }
  getItemOrNullObject(name: string): FakeTable {
    requireApi(this.ctx, '1.4', 'TableCollection.getItemOrNullObject');
    const t = new FakeTable(this.ctx, () => this.find(name));
    markNullness(t, () => modelOf(this.ctx).findTable(name) === undefined || (this.sheetRef !== null && modelOf(this.ctx).findTable(name)?.sheet !== this.sheetRef()));
    return t;
  }
  private find(name: string): TableMeta {
    const t = modelOf(this.ctx).findTable(name);
    if (!t || (this.sheetRef && t.sheet !== this.sheetRef())) throw new FakeExcelError('ItemNotFound', `no table "${name}"`);
    return t;
  }
  protected snapshot(prop: string): unknown {
    throw new FakeExcelError('InvalidArgument', `TableCollection.${prop}`);
  }
}

export class FakeTable extends ClientObject {
  constructor(ctx: FakeRequestContext, private readonly ref: () => TableMeta) {
    super(ctx);
  }
  get isNullObject(): boolean {
    return this.read<boolean>('isNullObject');
  }
  get name(): string {
    return this.read<string>('name');
  }
  set name(name: string) {
    enqueue(this.ctx, payloadBytes(name), () => modelOf(this.ctx).renameTable(this.ref(), name));
  }
  set style(style: string) {
    enqueue(this.ctx, payloadBytes(style), () => {
      this.ref().style = style;
    });
  }
  get style(): string {
    return this.read<string>('style');
  }
  set showFilterButton(show: boolean) {
    enqueue(this.ctx, OP_OVERHEAD, () => {
      this.ref().showFilterButton = show;
    });
  }
  get showFilterButton(): boolean {
    return this.read<boolean>('showFilterButton');
  }
  get worksheet(): FakeWorksheet {
    // Bound to the sheet once resolved, like a server-side object: it outlives the table.
    let bound: FakeSheet | null = null;
    return this.child('worksheet', () => new FakeWorksheet(this.ctx, () => (bound ??= this.ref().sheet)));
  }
  getRange(): FakeRange {
    return new FakeRange(this.ctx, () => ({ sheet: this.ref().sheet, rect: this.ref().rect }));
  }
  getHeaderRowRange(): FakeRange {
    return new FakeRange(this.ctx, () => ({ sheet: this.ref().sheet, rect: { ...this.ref().rect, rowCount: 1 } }));
  }
  getDataBodyRange(): FakeRange {
    return new FakeRange(this.ctx, () => {
      const t = this.ref();
      return { sheet: t.sheet, rect: { ...t.rect, row: t.rect.row + 1, rowCount: t.rect.rowCount - 1 } };
    });
  }
  resize(newRange: string | FakeRange): void {
    requireApi(this.ctx, '1.13', 'Table.resize');
    enqueue(this.ctx, payloadBytes(typeof newRange === 'string' ? newRange : 'range'), () => {
      const rect = typeof newRange === 'string' ? parseAddress(newRange) : resolveRange(newRange).rect;
      modelOf(this.ctx).resizeTable(this.ref(), rect);
    });
  }
  delete(): void {
    enqueue(this.ctx, OP_OVERHEAD, () => modelOf(this.ctx).deleteTable(this.ref()));
  }
  protected snapshot(prop: string): unknown {
    const t = this.ref();
    if (prop === 'name') return t.name;
    if (prop === 'style') return t.style;
    if (prop === 'showFilterButton') return t.showFilterButton;
    throw new FakeExcelError('InvalidArgument', `Table.${prop}`);
  }
}

export class FakeChartCollection extends ClientObject {
  constructor(ctx: FakeRequestContext, private readonly ref: SheetRef) {
    super(ctx);
  }
  add(type: string, sourceData: FakeRange, seriesBy?: string): FakeChart {
    const meta: ChartMeta = { name: '', type, source: { row: 0, column: 0, rowCount: 1, columnCount: 1 }, title: '', seriesBy: seriesBy ?? 'Auto', topLeft: null, bottomRight: null };
    enqueue(this.ctx, payloadBytes([type, seriesBy]), () => {
      const sheet = this.ref();
      sheet.assertUnprotected('adding a chart');
      meta.source = resolveRange(sourceData).rect;
      meta.name = `Chart ${sheet.charts.length + 1}`;
      sheet.charts.push(meta);
    });
    return new FakeChart(this.ctx, this.ref, () => meta);
  }
  get items(): FakeChart[] {
    return this.read<FakeChart[]>('items');
  }
  protected snapshot(prop: string): unknown {
    if (prop.startsWith('items')) {
      return this.ref().charts.map((m) => {
        const c = new FakeChart(this.ctx, this.ref, () => m);
        preloadProp(c, 'name', m.name);
        return c;
      });
    }
    throw new FakeExcelError('InvalidArgument', `ChartCollection.${prop}`);
  }
}

export class FakeChart extends ClientObject {
  constructor(ctx: FakeRequestContext, private readonly sheetRef: SheetRef, private readonly ref: () => ChartMeta) {
    super(ctx);
  }
  get name(): string {
    return this.read<string>('name');
  }
  set name(name: string) {
    enqueue(this.ctx, payloadBytes(name), () => {
      this.ref().name = name;
    });
  }
  get title(): FakeChartTitle {
    return this.child('title', () => new FakeChartTitle(this.ctx, this.ref));
  }
  setPosition(startCell: string | FakeRange, endCell?: string | FakeRange): void {
    enqueue(this.ctx, OP_OVERHEAD, () => {
      const addr = (c: string | FakeRange) => (typeof c === 'string' ? c : rectAddress(resolveRange(c).sheet.name, resolveRange(c).rect));
      this.ref().topLeft = addr(startCell);
      this.ref().bottomRight = endCell === undefined ? null : addr(endCell);
    });
  }
  delete(): void {
    enqueue(this.ctx, OP_OVERHEAD, () => {
      const sheet = this.sheetRef();
      sheet.assertUnprotected('deleting a chart');
      const i = sheet.charts.indexOf(this.ref());
      if (i >= 0) sheet.charts.splice(i, 1);
    });
  }
  protected snapshot(prop: string): unknown {
    if (prop === 'name') return this.ref().name;
    throw new FakeExcelError('InvalidArgument', `Chart.${prop}`);
  }
}

export class FakeChartTitle extends ClientObject {
  constructor(ctx: FakeRequestContext, private readonly ref: () => ChartMeta) {
    super(ctx);
  }
  set text(text: string) {
    enqueue(this.ctx, payloadBytes(text), () => {
      this.ref().title = text;
    });
  }
  get text(): string {
    return this.read<string>('text');
  }
  protected snapshot(prop: string): unknown {
    if (prop === 'text') return this.ref().title;
    throw new FakeExcelError('InvalidArgument', `ChartTitle.${prop}`);
  }
}

// Compile-time checks: the fake's surface is a subset of the real API's.
assertReal<OnlyRealMembers<FakeRequestContext, Excel.RequestContext>>();
assertReal<OnlyRealMembers<FakeWorkbook, Excel.Workbook>>();
assertReal<OnlyRealMembers<FakeApplication, Excel.Application>>();
assertReal<OnlyRealMembers<FakeWorksheetCollection, Excel.WorksheetCollection>>();
assertReal<OnlyRealMembers<FakeWorksheet, Excel.Worksheet>>();
assertReal<OnlyRealMembers<FakeWorksheetFreezePanes, Excel.WorksheetFreezePanes>>();
assertReal<OnlyRealMembers<FakeWorksheetProtection, Excel.WorksheetProtection>>();
assertReal<OnlyRealMembers<FakeRange, Excel.Range>>();
assertReal<OnlyRealMembers<FakeRangeFormat, Excel.RangeFormat>>();
assertReal<OnlyRealMembers<FakeRangeFont, Excel.RangeFont>>();
assertReal<OnlyRealMembers<FakeFormatProtection, Excel.FormatProtection>>();
assertReal<OnlyRealMembers<FakeConditionalFormatCollection, Excel.ConditionalFormatCollection>>();
assertReal<OnlyRealMembers<FakeConditionalFormat, Excel.ConditionalFormat>>();
assertReal<OnlyRealMembers<FakeCustomConditionalFormat, Excel.CustomConditionalFormat>>();
assertReal<OnlyRealMembers<FakeConditionalFormatRule, Excel.ConditionalFormatRule>>();
assertReal<OnlyRealMembers<FakeConditionalRangeFormat, Excel.ConditionalRangeFormat>>();
assertReal<OnlyRealMembers<FakeConditionalRangeFill, Excel.ConditionalRangeFill>>();
assertReal<OnlyRealMembers<FakeConditionalRangeFont, Excel.ConditionalRangeFont>>();
assertReal<OnlyRealMembers<FakeTableCollection, Excel.TableCollection>>();
assertReal<OnlyRealMembers<FakeTable, Excel.Table>>();
assertReal<OnlyRealMembers<FakeChartCollection, Excel.ChartCollection>>();
assertReal<OnlyRealMembers<FakeChart, Excel.Chart>>();
assertReal<OnlyRealMembers<FakeChartTitle, Excel.ChartTitle>>();
