import { runHooks } from '../../../pipeline/server/hooks';

describe('server hooks', () => {
  it('starts hooks in order and stops them in reverse order', async () => {
    const events: string[] = [];
    const hook = (name: string) => ({
      name,
      run: async () => {
        events.push(`start ${name}`);
        return () => {
          events.push(`stop ${name}`);
        };
      },
    });
    const stop = await runHooks([hook('a'), hook('b')], {});
    await stop();
    expect(events).toEqual(['start a', 'start b', 'stop b', 'stop a']);
  });

  it('stops the hooks already started when a later one fails, and rethrows', async () => {
    const events: string[] = [];
    const ok = { name: 'ok', run: async () => () => void events.push('stop ok') };
    const broken = { name: 'broken', run: async () => Promise.reject(new Error('port taken')) };
    await expect(runHooks([ok, broken], {})).rejects.toThrow('port taken');
    expect(events).toEqual(['stop ok']);
  });

  it('keeps stopping the others when one hook fails to stop, and stops each only once', async () => {
    const events: string[] = [];
    const failing = { name: 'failing', run: async () => () => Promise.reject(new Error('stuck')) };
    const ok = { name: 'ok', run: async () => () => void events.push('stop ok') };
    const stop = await runHooks([ok, failing], {});
    await stop();
    await stop();
    expect(events).toEqual(['stop ok']);
  });
});
