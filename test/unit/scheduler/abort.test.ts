import { runAborted, throwIfStopping, untilStopped } from '../../../pipeline/scheduler/abort';

describe('stopping a run in flight', () => {
  it('ends the wait for a pull that never settles as soon as the signal fires, with CD_RUN_ABORTED', async () => {
    const controller = new AbortController();
    const never = new Promise<void>(() => undefined);
    const waiting = untilStopped(never, controller.signal);
    setTimeout(() => controller.abort(), 20);
    await expect(waiting).rejects.toMatchObject({ code: 'CD_RUN_ABORTED', exitCode: 75 });
  });

  it('passes a pull that settles first through unchanged, value or error', async () => {
    const { signal } = new AbortController();
    await expect(untilStopped(Promise.resolve(7), signal)).resolves.toBe(7);
    await expect(untilStopped(Promise.reject(new Error('HTTP 500')), signal)).rejects.toThrow('HTTP 500');
  });

  it('refuses to start waiting once the signal has fired, and swallows the late failure of the abandoned pull', async () => {
    const controller = new AbortController();
    controller.abort();
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    try {
      await expect(untilStopped(Promise.reject(new Error('scratch folder gone')), controller.signal)).rejects.toMatchObject({ code: 'CD_RUN_ABORTED' });
      await new Promise((r) => setImmediate(r));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
    expect(() => throwIfStopping(controller.signal)).toThrow(runAborted().message);
    expect(() => throwIfStopping(new AbortController().signal)).not.toThrow();
  });
});
