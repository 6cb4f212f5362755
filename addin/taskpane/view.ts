// Renders the pane from its state. Every piece of server text goes in with textContent or as an
// attribute value — never innerHTML — so a hostile dataset title or error message stays text.
import { datasetTitle } from '../core/datasets';
import { t, type Locale, type MessageKey, type MessageParams } from '../core/i18n';
import { isCommonParam, paramFields, type ParamField } from '../core/params';
import { STOCK_DATASET } from '../core/stock';
import type { PaneController } from './actions';
import * as S from './state';
import type { PaneState } from './state';

type Child = Node | string | null | false | undefined;

function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | boolean | undefined> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c !== null && c !== false && c !== undefined) el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return el;
}

function on<T extends HTMLElement>(el: T, event: string, fn: (e: Event) => void): T {
  el.addEventListener(event, fn);
  return el;
}

export function renderPane(root: HTMLElement, state: PaneState, ctl: PaneController): void {
  const m = (key: MessageKey, params?: MessageParams) => t(state.locale, key, params);
  const busy = state.busy !== null;
  document.documentElement.lang = state.locale === 'zh-CN' ? 'zh-CN' : 'en';

  const lang = on(h('select', { id: 'lang', 'aria-label': m('lang.label') }, h('option', { value: 'en', selected: state.locale === 'en' }, 'English'), h('option', { value: 'zh-CN', selected: state.locale === 'zh-CN' }, '简体中文')), 'change', (e) => ctl.setLocale((e.target as HTMLSelectElement).value as Locale));
  const header = h('header', { class: 'bar' }, h('div', {}, h('h1', {}, m('app.title')), h('p', { class: 'sub' }, m('app.subtitle'))), lang);

  const sections: Child[] = [header];
  sections.push(connectionSection(state, ctl, m, busy));

  if (state.busy) {
    const pct = state.busy.progress === null ? null : Math.round(state.busy.progress * 100);
    sections.push(h('div', { class: 'busy', role: 'status', id: 'busy' }, h('div', { class: 'busy-label' }, state.busy.label), h('div', { class: `progress${pct === null ? ' indeterminate' : ''}`, role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': pct === null ? undefined : String(pct) }, h('div', { class: 'fill', style: `width:${pct ?? 30}%` }))));
  }
  if (state.notices.length) sections.push(h('ul', { class: 'notices', id: 'notices' }, ...state.notices.map((n) => h('li', { class: `notice ${n.kind}` }, n.text))));
  if (state.confirmOverwrite) {
    sections.push(h('div', { class: 'confirm', id: 'confirm-overwrite', role: 'alertdialog' }, h('p', {}, m('refresh.stockEditsWarning', { count: state.confirmOverwrite.edits })), h('div', { class: 'row' }, on(h('button', { id: 'confirm-overwrite-yes', class: 'danger' }, m('refresh.overwrite')), 'click', () => void ctl.refresh(true)), on(h('button', { id: 'confirm-overwrite-no' }, m('refresh.cancel')), 'click', () => ctl.cancelOverwrite()))));
  }
  if (state.me) {
    sections.push(refreshSection(state, ctl, m, busy));
    if (state.catalogue.some((d) => d.name === STOCK_DATASET)) sections.push(stockSection(state, ctl, m, busy));
  }
  root.replaceChildren(...(sections.filter(Boolean) as Node[]));
}

function connectionSection(state: PaneState, ctl: PaneController, m: (k: MessageKey, p?: MessageParams) => string, busy: boolean): HTMLElement {
  if (state.me) {
    return h('section', { id: 'connection', class: 'card' }, h('h2', {}, m('connect.heading')), h('p', { class: 'who', id: 'who' }, m('connect.connected', { server: state.server, name: state.me.name, role: m(state.me.role === 'manager' ? 'role.manager' : 'role.analyst') })), on(h('button', { id: 'disconnect', disabled: busy }, m('connect.disconnect')), 'click', () => ctl.disconnect()));
  }
  const server = on(h('input', { id: 'server', type: 'url', value: state.server, autocomplete: 'url', spellcheck: 'false' }), 'input', (e) => ctl.set({ ...ctl.current, server: (e.target as HTMLInputElement).value }, true));
  const token = on(h('input', { id: 'token', type: 'password', value: state.token, autocomplete: 'off' }), 'input', (e) => ctl.set({ ...ctl.current, token: (e.target as HTMLInputElement).value }, true));
  const form = on(h('form', { id: 'connect-form' }, h('label', {}, m('connect.server'), server), h('label', {}, m('connect.token'), token), h('button', { id: 'connect', class: 'primary', type: 'submit', disabled: busy }, m('connect.button')), h('p', { class: 'note' }, m('connect.note'))), 'submit', (e) => {
    e.preventDefault();
    void ctl.connect();
  });
  return h('section', { id: 'connection', class: 'card' }, h('h2', {}, m('connect.heading')), form);
}

function paramInput(field: ParamField, state: PaneState, ctl: PaneController, m: (k: MessageKey) => string): HTMLElement {
  const value = state.params[field.name] ?? '';
  const id = `param-${field.name}`;
  const update = (e: Event) => ctl.set(S.setParam(ctl.current, field.name, (e.target as HTMLInputElement | HTMLSelectElement).value), true);
  let input: HTMLElement;
  if (field.allowed?.length) {
    input = on(h('select', { id }, h('option', { value: '', selected: value === '' }, field.placeholder ? `${m('param.any')} · ${field.placeholder}` : m('param.any')), ...field.allowed.map((a) => h('option', { value: a, selected: value === a }, a))), 'change', update);
  } else {
    const type = field.type === 'date' ? 'date' : field.type === 'integer' || field.type === 'number' ? 'number' : 'text';
    input = on(h('input', { id, type, value, placeholder: field.placeholder, step: field.type === 'number' ? 'any' : undefined }), 'input', update);
  }
  return h('label', { class: 'param', title: field.description }, field.label, input);
}

function refreshSection(state: PaneState, ctl: PaneController, m: (k: MessageKey, p?: MessageParams) => string, busy: boolean): HTMLElement {
  const list = h('ul', { class: 'datasets', id: 'datasets' }, ...state.catalogue.map((d) => {
    const box = on(h('input', { type: 'checkbox', id: `ds-${d.name}`, value: d.name, checked: state.selected.includes(d.name) }), 'change', (e) => ctl.set(S.toggleDataset(ctl.current, d.name, (e.target as HTMLInputElement).checked)));
    return h('li', {}, h('label', { title: d.description }, box, datasetTitle(d.name, state.locale, d.title)));
  }));
  const fields = paramFields(state.catalogue, state.selected, state.locale);
  const common = fields.filter((f) => isCommonParam(f.name));
  const more = fields.filter((f) => !isCommonParam(f.name));
  return h('section', { id: 'refresh', class: 'card' },
    h('h2', {}, m('refresh.heading')),
    h('div', { class: 'row between' }, h('h3', {}, m('refresh.datasets')), h('span', { class: 'links' }, on(h('button', { class: 'link', id: 'select-all', type: 'button' }, m('refresh.all')), 'click', () => ctl.set(S.selectAll(ctl.current, true))), on(h('button', { class: 'link', id: 'select-none', type: 'button' }, m('refresh.none')), 'click', () => ctl.set(S.selectAll(ctl.current, false))))),
    list,
    fields.length ? h('h3', {}, m('refresh.params')) : null,
    common.length ? h('div', { class: 'params', id: 'params' }, ...common.map((f) => paramInput(f, state, ctl, m))) : null,
    more.length
      ? on(h('details', { class: 'more-params', id: 'more-params', open: state.showMoreParams || more.some((f) => (state.params[f.name] ?? '') !== '') }, h('summary', {}, m('refresh.moreParams', { count: more.length })), h('div', { class: 'params' }, ...more.map((f) => paramInput(f, state, ctl, m)))), 'toggle', (e) =>
          ctl.set({ ...ctl.current, showMoreParams: (e.target as HTMLDetailsElement).open }, true),
        )
      : null,
    on(h('button', { id: 'refresh-button', class: 'primary', disabled: busy || state.selected.length === 0 }, m('refresh.button')), 'click', () => void ctl.refresh()));
}

function stockSection(state: PaneState, ctl: PaneController, m: (k: MessageKey, p?: MessageParams) => string, busy: boolean): HTMLElement {
  const manager = S.canPush(state);
  const review = state.review;
  const children: Child[] = [h('h2', {}, m('stock.heading'))];
  children.push(h('div', { class: 'row wrap' },
    on(h('button', { id: 'review', disabled: busy }, m('stock.review')), 'click', () => void ctl.review()),
    on(h('button', { id: 'push', class: 'primary', disabled: busy || !manager || !review || review.accepted.length === 0, title: manager ? undefined : m('stock.pushDisabledAnalyst') }, m('stock.push')), 'click', () => void ctl.push()),
    on(h('button', { id: 'retry', disabled: busy || !manager }, m('stock.retry')), 'click', () => void ctl.retryFailed()),
    on(h('button', { id: 'revert', disabled: busy }, m('stock.revert')), 'click', () => void ctl.revert())));
  if (!manager) children.push(h('p', { class: 'notice warning', id: 'push-disabled-reason' }, m('stock.pushDisabledAnalyst')));
  if (review) {
    const shown = review.rejected.slice(0, 50);
    const warnings = review.warnings ?? [];
    const warned = warnings.slice(0, 50);
    children.push(h('div', { class: 'review', id: 'review-panel' },
      h('p', { class: 'summary', id: 'plan-summary' }, m('stock.planSummary', { changes: review.changes, rejected: review.rejected.length + review.invalid })),
      review.batches.length ? h('ul', { class: 'batches', id: 'plan-batches' }, ...review.batches.map((b) => h('li', {}, m('stock.batch', { channel: b.channel, rows: b.rows, calls: b.calls })))) : null,
      warned.length ? h('p', { class: 'note warning', id: 'plan-warnings-title' }, m('stock.planWarnings', { count: warnings.length })) : null,
      warned.length ? h('ul', { class: 'warnings', id: 'plan-warnings' }, ...warned.map((w) => h('li', {}, h('code', {}, w.listing), ' ', h('span', { class: 'reason' }, `${w.code}: ${w.message}`)))) : null,
      warnings.length > warned.length ? h('p', { class: 'note' }, `+${warnings.length - warned.length}`) : null,
      shown.length ? h('ul', { class: 'rejected', id: 'plan-rejected' }, ...shown.map((r) => h('li', {}, h('code', {}, r.listing), ' ', h('span', { class: 'reason' }, `${r.reason_code}: ${r.message}`)))) : null,
      review.rejected.length > shown.length ? h('p', { class: 'note' }, `+${review.rejected.length - shown.length}`) : null,
      h('p', { class: 'note' }, m('stock.irreversible'))));
  }
  // The last push result stays visible after its notice has been replaced by other messages.
  if (state.lastPush && !state.notices.length) children.push(h('p', { class: 'push-result', id: 'push-result' }, m('stock.pushResult', { ...state.lastPush })));
  return h('section', { id: 'stock', class: 'card' }, ...children);
}
