import { ProgressEvent } from '../../../pipeline/channels/contract/reports';
import { fixture, freshWarehouse, ingest } from './helpers';

describe('ingest progress', () => {
  it('reports the phases of each file and ends with done', async () => {
    const wh = await freshWarehouse();
    const events: ProgressEvent[] = [];
    await ingest(wh, [fixture('amazon/all_orders.tsv')], { onProgress: (e) => events.push(e) });
    const phases = events.map((e) => e.phase);
    expect(phases[0]).toBe('staging');
    expect(phases).toContain('loading');
    expect(events[events.length - 1]).toEqual({ file: fixture('amazon/all_orders.tsv'), kind: 'amazon/all_orders', phase: 'done', percent: 100 });
    for (const e of events) expect(e.percent).toBeGreaterThanOrEqual(0);
    wh.close();
  });
});
