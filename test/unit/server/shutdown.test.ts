// Ctrl+C while the server stops: it says what it waits for; a second Ctrl+C forces the stop
// after a best-effort checkpoint, with exit code 130.
import { FORCED_EXIT_CODE, untilSignal } from '../../../pipeline/server/serve';

describe('stopping the server on a signal', () => {
  it('says what the stop waits for, and a second SIGINT checkpoints and exits 130 without waiting', async () => {
    const lines: string[] = [];
    const exit = jest.fn();
    const checkpoint = jest.fn(async () => undefined);
    let closeStarted = false;
    const never = () => {
      closeStarted = true;
      return new Promise<void>(() => undefined);
    };
    void untilSignal(never, { say: (l) => lines.push(l), waitingFor: () => ['pipeline run amazon/demo/orders'], checkpoint, reportEveryMs: 30, exit });
    process.emit('SIGINT', 'SIGINT');
    await new Promise((r) => setTimeout(r, 80));
    expect(closeStarted).toBe(true);
    expect(lines[0]).toBe('SIGINT: stopping the server and closing the database…');
    expect(lines).toContain('  waiting for: pipeline run amazon/demo/orders (Ctrl+C again to force the stop)');
    process.emit('SIGINT', 'SIGINT');
    await new Promise((r) => setTimeout(r, 20));
    expect(checkpoint).toHaveBeenCalledTimes(1);
    expect(exit).toHaveBeenCalledWith(FORCED_EXIT_CODE);
    expect(FORCED_EXIT_CODE).toBe(130);
    expect(lines.at(-1)).toMatch(/^SIGINT again: forcing the stop without waiting for pipeline run amazon\/demo\/orders/);
  });

  it('resolves after a graceful close and leaves no signal handler behind', async () => {
    const before = process.listenerCount('SIGINT');
    const lines: string[] = [];
    const stopped = untilSignal(async () => undefined, { say: (l) => lines.push(l), exit: jest.fn() });
    process.emit('SIGTERM', 'SIGTERM');
    await stopped;
    expect(lines.at(-1)).toBe('Stopped; the database is checkpointed and closed.');
    expect(process.listenerCount('SIGINT')).toBe(before);
  });
});
