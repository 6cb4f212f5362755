import { demoStreamStarts } from '../../../pipeline/demo/streamStarts';

const target = (channel: string, stream: string) => ({ channel: { channel, account: 'demo' }, stream: { name: stream } });

describe('where the demo streams start', () => {
  it('starts every stream of a channel the files cover at midnight UTC after the last demo day', () => {
    const starts = demoStreamStarts({
      targets: [target('ebay', 'orders'), target('amazon', 'inventory_ledger'), target('shopee', 'orders'), target('shopee', 'returns')],
      lastDate: '2026-02-28',
      apiHistoryChannels: new Set(['shopee']),
    });
    expect(starts).toEqual([
      { channel: 'ebay', account: 'demo', stream: 'orders', cursor: '2026-03-01T00:00:00.000Z' },
      { channel: 'amazon', account: 'demo', stream: 'inventory_ledger', cursor: '2026-03-01T00:00:00.000Z' },
    ]);
  });
});
