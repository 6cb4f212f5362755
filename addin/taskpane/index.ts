// Entry point of the task pane: waits for Office, wires the real workbook, API and storage into
// the controller, and renders on every state change. Opened outside Excel (a plain browser tab,
// or office.js unreachable) it says so and how to add the add-in, instead of "Loading…" forever.
import { CrossdockApi } from '../api';
import { localeFromOffice } from '../core/i18n';
import { OfficeWorkbook, type ExcelRun } from '../excel/officeWorkbook';
import { PaneController } from './actions';
import { renderOutsideOffice } from './outside';
import { initialState } from './state';
import { browserStore } from './storage';
import { renderPane } from './view';

/** office.js answers within a second inside Office; past this the page is not in an Office host. */
const OFFICE_READY_TIMEOUT_MS = 10_000;

function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

function start(root: HTMLElement): void {
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
  if (saved) void controller.connect();
}

const root = document.getElementById('app') as HTMLElement;
const outside = () => renderOutsideOffice(root, localeFromOffice(navigator.language));

if (typeof Office === 'undefined') {
  // office.js did not load (offline, blocked): this is no Office host.
  outside();
} else {
  let ready = false;
  const timer = setTimeout(() => {
    if (!ready) outside();
  }, OFFICE_READY_TIMEOUT_MS);
  void Office.onReady((info) => {
    ready = true;
    clearTimeout(timer);
    // In a plain browser office.js reports no host at all.
    if (info.host !== Office.HostType.Excel) outside();
    else start(root);
  });
}
