// The pane's flows in Node: the real controller, the real Excel adapter over the fake workbook,
// and a scripted API. What a browser test cannot easily force: lost answers and server errors.
import { ApiError, CrossdockApi } from '../../../addin/api';
import type { ApplyResponse, PlanResponse, StockChangeRequest } from '../../../pipeline/model/wire';
import type { DatasetPayload } from '../../../addin/core/tableModel';
import { OfficeWorkbook, type ExcelRun } from '../../../addin/excel/officeWorkbook';
import { PaneController, type PaneApi } from '../../../addin/taskpane/actions';
import { initialState } from '../../../addin/taskpane/state';
import { createFakeExcel } from '../../support/fakeExcel';
import type { DatasetSpec } from '../../../pipeline/analytics/types';

const stockSpec: DatasetSpec = {
  name: 'stock',
  title: 'Stock',
  description: '',
  params: [],
  key: ['listing'],
  columns: [
    { name: 'listing', type: 'string' },
    { name: 'channel_quantity', type: 'integer' },
    { name: 'version', type: 'string' },
    { name: 'editable', type: 'boolean' },
  ],
};

function scriptedApi(role: 'analyst' | 'manager', apply: (changes: StockChangeRequest[], key: string) => Promise<ApplyResponse>) {
  const calls: string[] = [];
  const api: PaneApi = {
    me: async () => ({ name: 'x', role }),
    catalogue: async () => ({ datasets: [stockSpec], choices: {}, data_dates: null }),
    stockChanges: async () => [],
    rules: async () => [],
    putRule: async () => {
      throw new Error('not in this test');
    },
    deleteRule: async () => undefined,
    dataset: async (): Promise<DatasetPayload> => ({ dataset: 'stock', params: {}, data_version: 1, columns: stockSpec.columns, rows: [['L1', 5, 'v1', true], ['L2', 9, 'v7', true]] }),
    plan: async (changes): Promise<PlanResponse> => {
      calls.push('plan');
      return { rows: changes.map((c) => ({ listing: c.listing, status: 'ok' as const, current_quantity: 5, new_quantity: c.new_quantity, suggested_quantity: null })), batches: [{ channel: 'shopify', calls: 1, rows: changes.length }] };
    },
    apply: async (changes, key) => {
      calls.push(`apply:${key}`);
      return apply(changes, key);
    },
  };
  return { api, calls };
}

async function setup(api: PaneApi) {
  const fake = createFakeExcel();
  const workbook = new OfficeWorkbook({ run: fake.run as unknown as ExcelRun, supportsExcelApi: () => true });
  let n = 0;
  const store = { load: () => null, save: jest.fn(), clear: jest.fn(), saveLocale: jest.fn() };
  const ctl = new PaneController({ api: () => api, workbook, store, now: () => new Date('2026-11-26T17:00:00Z'), newKey: () => `key-${++n}` }, initialState('en', 'https://localhost:3000', 'tok'));
  await ctl.connect();
  await ctl.refresh();
  // The user types into New quantity, found by its header as a user finds it.
  const type = (row: number, v: number) => {
    const sheet = fake.model.sheet('Stock');
    const column = sheet.readValues({ row: 3, column: 0, rowCount: 1, columnCount: 12 })[0].indexOf('New quantity');
    sheet.writeValues({ row: 4 + row, column, rowCount: 1, columnCount: 1 }, [[v]]);
  };
  return { ctl, fake, store, type };
}

describe('pane controller', () => {
  it('keeps the connection in the browser store, not in the workbook', async () => {
    const { api } = scriptedApi('manager', async () => ({ change_set_id: 'c', rows: [] }));
    const { store, fake } = await setup(api);
    expect(store.save).toHaveBeenCalledWith('https://localhost:3000', 'tok');
    const everything = JSON.stringify(fake.model.sheets.map((s) => s.values));
    expect(everything).not.toContain('tok');
  });

  it('fills drop-downs from the catalogue and refuses an as_of outside the data without asking the server', async () => {
    const inventorySpec: DatasetSpec = { name: 'inventory', title: 'Inventory', description: '', params: [{ name: 'as_of', type: 'date', description: '' }, { name: 'channel', type: 'string', description: '' }], key: ['sku'], columns: [{ name: 'sku', type: 'string' }] };
    const asked: string[] = [];
    const { api } = scriptedApi('analyst', async () => ({ change_set_id: 'c', rows: [] }));
    api.catalogue = async () => ({ datasets: [inventorySpec], choices: { channel: ['shopify', 'amazon'] }, data_dates: { first: '2024-11-26', last: '2026-11-25', default_as_of: '2026-11-25' } });
    api.dataset = async (name) => {
      asked.push(name);
      return { dataset: name, params: {}, data_version: 1, columns: inventorySpec.columns, rows: [] };
    };
    const fake = createFakeExcel();
    const workbook = new OfficeWorkbook({ run: fake.run as unknown as ExcelRun, supportsExcelApi: () => true });
    const store = { load: () => null, save: jest.fn(), clear: jest.fn(), saveLocale: jest.fn() };
    const ctl = new PaneController({ api: () => api, workbook, store, now: () => new Date('2026-11-26T17:00:00Z'), newKey: () => 'k' }, initialState('en', 'https://localhost:3000', 'tok'));
    await ctl.connect();
    expect(ctl.current.paramChoices.channel).toEqual(['amazon', 'shopify']);
    ctl.set({ ...ctl.current, selected: ['inventory'], params: { as_of: '2026-12-01' } });
    await ctl.refresh();
    expect(asked).toEqual([]);
    expect(ctl.current.notices.map((n) => n.text)).toEqual(['As of: the data covers 2024-11-26 to 2026-11-25; pick a day in between.']);
    ctl.set({ ...ctl.current, params: { as_of: '2026-11-20' } });
    await ctl.refresh();
    expect(asked).toEqual(['inventory']);
  });

  it('resends a push whose answer was lost with the same idempotency key, and a new push with a new key', async () => {
    let lose = true;
    const { api, calls } = scriptedApi('manager', async (changes) => {
      if (lose) {
        lose = false;
        throw new ApiError(0, 'CD_NETWORK', 'socket hang up');
      }
      return { change_set_id: 'c1', rows: changes.map((c) => ({ listing: c.listing, change_id: `c-${c.listing}`, status: 'applied' as const, version: 'v2' })) };
    });
    const { ctl, type } = await setup(api);
    await type(0, 3);
    await ctl.review();
    await ctl.push();
    expect(ctl.current.notices[0].text).toMatch(/^Cannot reach https:\/\/localhost:3000: socket hang up/);
    await ctl.push();
    expect(ctl.current.notices[0].text).toBe('Applied 1, pending verification 0, conflict 0, failed 0, rejected 0, invalid 0.');
    expect(calls.filter((c) => c.startsWith('apply'))).toEqual(['apply:key-1', 'apply:key-1']);
    await type(1, 4);
    await ctl.review();
    await ctl.push();
    expect(calls.filter((c) => c.startsWith('apply'))).toEqual(['apply:key-1', 'apply:key-1', 'apply:key-2']);
  });

  it('refuses to push when the sheet changed after the review', async () => {
    const { api, calls } = scriptedApi('manager', async () => ({ change_set_id: 'c', rows: [] }));
    const { ctl, type } = await setup(api);
    await type(0, 3);
    await ctl.review();
    await type(0, 4);
    await ctl.push();
    expect(ctl.current.notices[0].text).toBe('The edits changed since the review: review again.');
    expect(calls.some((c) => c.startsWith('apply'))).toBe(false);
  });

  it('reviews locally for an analyst without calling the manager-only plan', async () => {
    const { api, calls } = scriptedApi('analyst', async () => ({ change_set_id: 'c', rows: [] }));
    const { ctl, type } = await setup(api);
    await type(0, 3);
    await ctl.review();
    expect(calls).toEqual([]);
    await ctl.push();
    expect(ctl.current.notices[0].text).toBe('Push is disabled: this token has the analyst role. Ask for a manager token.');
  });

  it('warns before a refresh would overwrite unpushed edits and refreshes once confirmed', async () => {
    const { api } = scriptedApi('manager', async () => ({ change_set_id: 'c', rows: [] }));
    const { ctl, type, fake } = await setup(api);
    await type(1, 1);
    await ctl.refresh();
    expect(ctl.current.confirmOverwrite).toEqual({ edits: 1 });
    expect(fake.model.sheet('Stock').raw(5, 2)).toBe(1);
    await ctl.refresh(true);
    expect(ctl.current.confirmOverwrite).toBeNull();
    expect(fake.model.sheet('Stock').raw(5, 2)).toBe(9);
  });
});

describe('API client', () => {
  function fetchReturning(pages: Array<{ status: number; body: unknown }>) {
    const urls: string[] = [];
    const headers: Array<Record<string, string>> = [];
    const fn = (async (url: string, init: RequestInit) => {
      urls.push(url);
      headers.push(init.headers as Record<string, string>);
      const p = pages.shift()!;
      return new Response(JSON.stringify(p.body), { status: p.status });
    }) as unknown as typeof fetch;
    return { fn, urls, headers };
  }

  it('follows next_offset until the dataset is complete', async () => {
    const page = (rows: unknown[][], offset: number, next: number | null) => ({ status: 200, body: { dataset: 'd', params: {}, data_version: 3, columns: [{ name: 'a', type: 'integer' }], rows, total_rows: 3, offset, next_offset: next } });
    const f = fetchReturning([page([[1], [2]], 0, 2), page([[3]], 2, null)]);
    const api = new CrossdockApi({ baseUrl: 'https://h:3000/', token: 't', fetch: f.fn, pageSize: 2 });
    const seen: number[] = [];
    const d = await api.dataset('d', { as_of: '2026-11-25' }, (n) => seen.push(n));
    expect(d.rows).toEqual([[1], [2], [3]]);
    expect(seen).toEqual([2, 3]);
    expect(f.urls).toEqual(['https://h:3000/api/v1/datasets/d?as_of=2026-11-25&offset=0&limit=2', 'https://h:3000/api/v1/datasets/d?as_of=2026-11-25&offset=2&limit=2']);
    expect(f.headers[0].Authorization).toBe('Bearer t');
  });

  it('stops fetching once a dataset has more rows than a worksheet holds, and says how to narrow it', async () => {
    const page = (rows: unknown[][], offset: number, next: number | null) => ({ status: 200, body: { dataset: 'd', params: {}, data_version: 3, columns: [{ name: 'a', type: 'integer' }], rows, offset, next_offset: next } });
    const f = fetchReturning([page([[1], [2]], 0, 2), page([[3], [4]], 2, 4), page([[5]], 4, null)]);
    const api = new CrossdockApi({ baseUrl: 'https://h', token: 't', fetch: f.fn, pageSize: 2, maxRows: 3 });
    await expect(api.dataset('forecast', {})).rejects.toMatchObject({ code: 'CD_TOO_MANY_ROWS', message: expect.stringContaining('forecast has more than 3 rows') });
    expect(f.urls).toHaveLength(2); // the third page was never asked for
  });

  it('refuses at the first page when the server says the total is more than a worksheet holds', async () => {
    const page = { status: 200, body: { dataset: 'forecast', params: {}, data_version: 3, columns: [{ name: 'a', type: 'integer' }], rows: [[1], [2]], total_rows: 4_200_000, offset: 0, next_offset: 2 } };
    const f = fetchReturning([page, page]);
    const seen: number[] = [];
    const api = new CrossdockApi({ baseUrl: 'https://h', token: 't', fetch: f.fn, pageSize: 2 });
    await expect(api.dataset('forecast', {}, (n) => seen.push(n))).rejects.toMatchObject({ code: 'CD_TOO_MANY_ROWS', message: expect.stringContaining('forecast has 4,200,000 rows, more than a worksheet holds (1,048,572)') });
    expect(f.urls).toHaveLength(1);
    expect(seen).toEqual([]);
  });

  it('turns an error answer into ApiError with the server code and message', async () => {
    const f = fetchReturning([{ status: 403, body: { code: 'CD_FORBIDDEN', message: 'manager role needed' } }]);
    const api = new CrossdockApi({ baseUrl: 'https://h', token: 't', fetch: f.fn });
    await expect(api.plan([])).rejects.toMatchObject({ status: 403, code: 'CD_FORBIDDEN', message: 'manager role needed' });
  });

  it('sends the idempotency key with apply', async () => {
    const f = fetchReturning([{ status: 200, body: { change_set_id: 'c', rows: [] } }]);
    await new CrossdockApi({ baseUrl: 'https://h', token: 't', fetch: f.fn }).apply([], 'k-1');
    expect(f.headers[0]['Idempotency-Key']).toBe('k-1');
  });
});
