// Where the team's shared folder lives (real export samples, reference docs). It is never copied
// into this repository; it sits next to the checkout (`../shared`). A clone elsewhere (CI, a
// scratch copy) points at it with CROSSDOCK_SHARED_DIR; /work/shared is the machine's default.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const REPO = resolve(__dirname, '../..');

function findSharedDir(): string {
  const candidates = [process.env.CROSSDOCK_SHARED_DIR, join(REPO, '../shared'), '/work/shared'];
  const found = candidates.find((dir) => dir && existsSync(join(dir, 'fixtures/real')));
  if (!found) {
    throw new Error(
      `the shared folder (fixtures/real, reference) was not found; looked in ${candidates.filter(Boolean).join(', ')}. ` +
        'Set CROSSDOCK_SHARED_DIR to its path.',
    );
  }
  return found;
}

export const SHARED_DIR = findSharedDir();
export const REAL_FIXTURES = join(SHARED_DIR, 'fixtures/real');
export const REFERENCE_DIR = join(SHARED_DIR, 'reference');
