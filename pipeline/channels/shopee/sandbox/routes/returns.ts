// Returns in the Shopee sandbox: get_return_list (page_no from 0, page_size 1–100, `more`;
// create_time_from/_to in unix seconds, both inclusive, at most 15 days apart). Tests seed returns
// with `shopeeReturns(sandbox.store)` or POST /_sandbox/returns.
import type { SandboxRoutes } from '../../../sandbox/server';
import { MAX_WINDOW_SECONDS } from '../../streams/orders';
import { RETURN_LIST_PATH, RETURN_PAGE_SIZE, type ShopeeReturn } from '../../streams/returns';
import { ShopeeFault, type ShopeeStore } from '../store';

const lists = new WeakMap<ShopeeStore, ShopeeReturn[]>();

export function shopeeReturns(store: ShopeeStore): ShopeeReturn[] {
  let list = lists.get(store);
  if (!list) lists.set(store, (list = []));
  return list;
}

/** Adds (or, with `replace`, replaces the list with) native returns; returns the list's length. */
export function loadReturns(store: ShopeeStore, returns: readonly ShopeeReturn[], replace = false): number {
  const list = shopeeReturns(store);
  if (replace) list.length = 0;
  list.push(...returns);
  return list.length;
}

export const routes: SandboxRoutes<ShopeeStore> = (app, ctx) => {
  const list = shopeeReturns(ctx.store);

  ctx.store.handlers.set(`GET ${RETURN_LIST_PATH}`, ({ query }) => {
    const pageNo = Number(query.page_no);
    const pageSize = Number(query.page_size);
    if (!Number.isInteger(pageNo) || pageNo < 0) throw new ShopeeFault('error_param', 'page_no must be an integer of at least 0.');
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > RETURN_PAGE_SIZE) throw new ShopeeFault('error_param', `page_size must be between 1 and ${RETURN_PAGE_SIZE}.`);
    const from = query.create_time_from === undefined ? -Infinity : Number(query.create_time_from);
    const to = query.create_time_to === undefined ? Infinity : Number(query.create_time_to);
    if (Number.isFinite(from) && Number.isFinite(to) && to - from > MAX_WINDOW_SECONDS) throw new ShopeeFault('error_param', 'create_time_to - create_time_from must be at most 15 days.');
    const matches = list.filter((r) => r.create_time >= from && r.create_time <= to).sort((a, b) => a.create_time - b.create_time || String(a.return_sn).localeCompare(String(b.return_sn)));
    const page = matches.slice(pageNo * pageSize, (pageNo + 1) * pageSize);
    return { response: { more: (pageNo + 1) * pageSize < matches.length, return: page } };
  });

  app.post<{ Body: { returns?: ShopeeReturn[]; replace?: boolean } }>('/_sandbox/returns', async (request) => {
    return { returns: loadReturns(ctx.store, request.body?.returns ?? [], request.body?.replace) };
  });
};
