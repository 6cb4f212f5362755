import { changesPayload, changesPresentation } from '../../../addin/core/changes';
import { buildTableModel } from '../../../addin/core/tableModel';
import type { ChangeView } from '../../../pipeline/writeback/service';

function change(over: Partial<ChangeView>): ChangeView {
  return {
    change_id: 'c', change_set_id: 'cs1', row_index: 0, idempotency_key: 'k', requested_by: 'Mia', requested_role: 'manager', requested_at: '2026-11-26T09:00:00.000Z',
    listing_id: 'shopify:US:A', channel: 'shopify', marketplace: 'US', sku: 'A', expected_version: '3', seen_quantity_units: 10, asked_value: '12', asked_quantity_units: 12,
    sent_quantity_units: 12, change_status: 'applied', reason_code: null, message: null, channel_quantity_units: 12, channel_response: { ok: true }, is_retryable: null,
    sent_at: '2026-11-26T09:00:01.000Z', answered_at: '2026-11-26T09:00:02.000Z', verified_at: '2026-11-26T09:00:02.000Z', updated_at: '2026-11-26T09:00:02.000Z',
    follows_change_id: null, is_side_effect: false, available_units: null, warning_code: null, warning_message: null,
    ...over,
  };
}

describe('the Changes sheet', () => {
  it('lists the newest request first, the rows of one request in body order', () => {
    const rows = changesPayload([
      change({ change_id: 'a0', change_set_id: 'cs1', row_index: 0 }),
      change({ change_id: 'b1', change_set_id: 'cs2', row_index: 1, requested_at: '2026-11-27T10:00:00.000Z' }),
      change({ change_id: 'b0', change_set_id: 'cs2', row_index: 0, requested_at: '2026-11-27T10:00:00.000Z' }),
    ], 'en', '—').rows;
    expect(rows.map((r) => r[r.length - 1])).toEqual(['b0', 'b1', 'a0']);
  });

  it('shows seen → asked → sent, the channel\'s answer and the status in the pane\'s words', () => {
    const [row] = changesPayload([change({ change_status: 'conflict', sent_quantity_units: 12, reason_code: 'CHANNEL_CONFLICT', message: 'Shopify now shows 9', channel_quantity_units: 9, verified_at: null })], 'zh-CN', '—').rows;
    const at = (name: string) => row[changesPayload([], 'en', '').columns.findIndex((c) => c.name === name)];
    expect([at('seen_quantity_units'), at('asked_quantity'), at('sent_quantity_units'), at('change_status'), at('channel_answer'), at('channel_quantity_units'), at('verified_at')]).toEqual([10, '12', 12, '冲突', 'CHANNEL_CONFLICT: Shopify now shows 9', 9, null]);
  });

  it('keeps what was asked when it was not a whole number, and names the listing a side effect moved with', () => {
    const lead = change({ change_id: 'lead', listing_id: 'shopify:US:A' });
    const rows = changesPayload([lead, change({ change_id: 'f', row_index: 1, asked_value: '2.5', asked_quantity_units: null, change_status: 'rejected', sent_quantity_units: null, follows_change_id: 'lead' }), change({ change_id: 'p', row_index: 2, change_status: 'sent' })], 'en', '—').rows;
    const cols = changesPayload([], 'en', '').columns.map((c) => c.name);
    expect([rows[1][cols.indexOf('asked_quantity')], rows[1][cols.indexOf('moved_with')], rows[1][cols.indexOf('change_status')]]).toEqual(['2.5', 'shopify:US:A', 'rejected']);
    expect(rows[2][cols.indexOf('change_status')]).toBe('sent, no answer yet');
  });

  it('writes the channel\'s raw answer as text and hides the ids, with When and Who frozen', () => {
    const m = buildTableModel(changesPayload([change({ channel_response: { errors: ['=HYPERLINK("x")'] } })], 'en', '—'), { locale: 'en', now: new Date('2026-11-27T00:00:00Z'), presentation: changesPresentation() });
    const raw = m.columns.findIndex((c) => c.name === 'channel_response');
    expect(m.body[0][raw]).toBe('{"errors":["=HYPERLINK(\\"x\\")"]}');
    expect(m.columns.filter((c) => c.hidden).map((c) => c.name)).toEqual(['requested_role', 'change_set_id', 'change_id']);
    expect([m.freezeColumns, m.sheetName, m.stamp]).toEqual([2, 'Changes', 'Refreshed 2026-11-27 00:00 UTC · 1 stock changes, newest first']);
  });
});
