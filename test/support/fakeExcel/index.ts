// A typed in-memory Excel for tests: `createFakeExcel()` gives the model (for assertions) and an
// `Excel.run` over it (for the code under test). The browser e2e host (officeHost.ts) wraps the same.
import { FakeWorkbookModel } from './model';
import { FakeRequestContext } from './proxies';

export { FakeExcelError, FakeWorkbookModel, FakeSheet, type CellInfo, type Cell } from './model';
export { FakeRequestContext } from './proxies';
export { evaluateRule, renderSheetHtml, shownFormat } from './render';

export type FakeRun = <T>(optionsOrBatch: unknown, batch?: (ctx: FakeRequestContext) => Promise<T>) => Promise<T>;

export interface FakeExcel {
  model: FakeWorkbookModel;
  /** Same contract as Excel.run: runs the batch, then syncs what is still queued. */
  run: FakeRun;
  /** Largest request so far and how many syncs were made (the benchmark's numbers). */
  stats(): { syncs: number; maxBatchBytes: number; totalBytes: number };
}

export function createFakeExcel(model = new FakeWorkbookModel()): FakeExcel {
  const run: FakeRun = async <T,>(a: unknown, b?: (ctx: FakeRequestContext) => Promise<T>): Promise<T> => {
    const batch = (typeof a === 'function' ? a : b) as (ctx: FakeRequestContext) => Promise<T>;
    const ctx = new FakeRequestContext(model);
    const result = await batch(ctx);
    await ctx.sync();
    return result;
  };
  return {
    model,
    run,
    stats: () => {
      // Excel.run's closing sync of an empty queue sends nothing: count only batches with work.
      const real = model.batches.filter((b) => b.operations > 0);
      return { syncs: real.length, maxBatchBytes: real.reduce((m, b) => Math.max(m, b.bytes), 0), totalBytes: real.reduce((s, b) => s + b.bytes, 0) };
    },
  };
}
