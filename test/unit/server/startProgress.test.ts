import { startProgress } from '../../../pipeline/server/startProgress';

describe('first-start progress without a terminal', () => {
  it('prints one plain line per tenth of the way, with the detail, and none at the end', () => {
    const lines: string[] = [];
    const progress = startProgress({ tty: false, say: (l) => lines.push(l) })('loading', 20, 'files');
    for (let done = 1; done <= 20; done++) progress.update(done, `${done * 100} rows`);
    progress.stop();
    expect(lines).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18].map((n) => `  loading: ${n}/20 files ${n * 100} rows`));
  });
});
