// Entry point of the task pane: waits for Office, wires the real workbook, API and storage into
// the controller, and renders on every state change.
import { CrossdockApi } from '../api';
import { localeFromOffice } from '../core/i18n';
import { OfficeWorkbook, type ExcelRun } from '../excel/officeWorkbook';
import { PaneController } from './actions';
import { initialState } from './state';
import { browserStore } from './storage';
import { renderPane } from './view';

function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

void Office.onReady(() => {
  const root = document.getElementById('app') as HTMLElement;
  const partitionKey = (Office.context as { partitionKey?: string }).partitionKey;
  const store = browserStore(window.localStorage, partitionKey);
  const saved = store.load();
  const locale = store.locale() ?? localeFromOffice(Office.context.displayLanguage);
  const workbook = new OfficeWorkbook({
    run: Excel.run as unknown as ExcelRun,
    supportsExcelApi: (version) => Office.context.requirements.isSetSupported('ExcelApi', version),
  });
  const controller = new PaneController(
    { api: (baseUrl, token) => new CrossdockApi({ baseUrl, token }), workbook, store, now: () => new Date(), newKey },
    initialState(locale, saved?.server ?? window.location.origin, saved?.token ?? ''),
  );
  controller.subscribe((s) => renderPane(root, s, controller));
  renderPane(root, controller.current, controller);
  document.getElementById('loading')?.remove();
  if (saved) void controller.connect();
});
