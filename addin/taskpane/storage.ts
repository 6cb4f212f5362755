// Connection settings live in the browser's storage, partitioned per Office context where Office
// partitions it — never in the workbook (it is shared; excel-addin.md §3.7, §7.4).
import type { Locale } from '../core/i18n';
import { LOCALES } from '../core/i18n';
import type { ConnectionStore } from './actions';

export function browserStore(storage: Storage, partitionKey: string | undefined): ConnectionStore & { locale(): Locale | null } {
  const prefix = partitionKey ? `${partitionKey}/crossdock.` : 'crossdock.';
  return {
    load() {
      try {
        const parsed = JSON.parse(storage.getItem(`${prefix}connection`) ?? 'null') as { server?: unknown; token?: unknown } | null;
        return parsed && typeof parsed.server === 'string' && typeof parsed.token === 'string' ? { server: parsed.server, token: parsed.token } : null;
      } catch {
        return null;
      }
    },
    save(server, token) {
      storage.setItem(`${prefix}connection`, JSON.stringify({ server, token }));
    },
    clear() {
      storage.removeItem(`${prefix}connection`);
    },
    saveLocale(locale) {
      storage.setItem(`${prefix}locale`, locale);
    },
    locale() {
      const l = storage.getItem(`${prefix}locale`);
      return (LOCALES as readonly string[]).includes(l ?? '') ? (l as Locale) : null;
    },
  };
}
