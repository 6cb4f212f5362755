import { performance } from 'node:perf_hooks';
import { beginLiveAnswer, LIVE_ANSWER_HOLDS_MS, liveAnswerCount, liveAnswersSettled } from '../../../pipeline/analytics/liveAnswers';

const settledWithin = async (warehouse: object, maxWaitMs: number): Promise<number> => {
  const started = Date.now();
  await liveAnswersSettled(warehouse, maxWaitMs);
  return Date.now() - started;
};

describe('live answers standing in for stale marts', () => {
  it('settles at once when none runs', async () => {
    expect(await settledWithin({}, 5000)).toBeLessThan(50);
  });

  it('settles when the last running answer ends, each end counted once', async () => {
    const warehouse = {};
    const first = beginLiveAnswer(warehouse);
    const second = beginLiveAnswer(warehouse);
    expect(liveAnswerCount(warehouse)).toBe(2);
    let settled = false;
    const waiting = liveAnswersSettled(warehouse, 5000).then(() => (settled = true));
    first();
    first(); // a second call of the same end is ignored
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    expect(liveAnswerCount(warehouse)).toBe(1);
    second();
    await waiting;
    expect(liveAnswerCount(warehouse)).toBe(0);
  });

  it('waits no longer than the bound for an answer that does not end', async () => {
    const warehouse = {};
    const end = beginLiveAnswer(warehouse);
    const waited = await settledWithin(warehouse, 100);
    expect(waited).toBeGreaterThanOrEqual(90);
    expect(waited).toBeLessThan(1000);
    end();
  });

  it('lets an answer that ran past the limit (never closed by its reader) hold nothing back', async () => {
    const warehouse = {};
    beginLiveAnswer(warehouse, performance.now() - LIVE_ANSWER_HOLDS_MS - 1); // left open
    expect(liveAnswerCount(warehouse)).toBe(0);
    expect(await settledWithin(warehouse, 5000)).toBeLessThan(50);
    const fresh = beginLiveAnswer(warehouse);
    expect(liveAnswerCount(warehouse)).toBe(1);
    const waiting = settledWithin(warehouse, 5000);
    fresh();
    expect(await waiting).toBeLessThan(100);
  });

  it('keeps warehouses apart, and starts afresh after settling', async () => {
    const one = {};
    const other = {};
    const end = beginLiveAnswer(one);
    expect(await settledWithin(other, 5000)).toBeLessThan(50);
    end();
    const again = beginLiveAnswer(one);
    expect(liveAnswerCount(one)).toBe(1);
    const waited = await settledWithin(one, 100);
    expect(waited).toBeGreaterThanOrEqual(90);
    again();
    expect(await settledWithin(one, 5000)).toBeLessThan(50);
  });
});
