// Renders the pane from its state. Every piece of server text goes in with textContent or as an
// attribute value — never innerHTML — so a hostile dataset title or error message stays text.
import { datasetTitle } from '../core/datasets';
import { t, type Locale, type MessageKey, type MessageParams } from '../core/i18n';
import { isCommonParam, paramFields, type ParamField } from '../core/params';
import { pushResultParams, reasonText, type RowIssue } from '../core/push';
import { formatSeconds } from '../core/refreshReport';
import { codeLabel } from '../core/codeLabels';
import { headerLabel } from '../core/headers';
import { RULE_FIELDS, RULES_DATASET } from '../core/rules';
import { STOCK_DATASET, statusLabel, type RowStatus } from '../core/stock';
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
    sections.push(h('div', { class: 'busy', role: 'status', id: 'busy' },
      h('div', { class: 'busy-label' }, state.busy.label),
      h('div', { class: 'row' },
        h('div', { class: `progress${pct === null ? ' indeterminate' : ''}`, role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': pct === null ? undefined : String(pct) }, h('div', { class: 'fill', style: `width:${pct ?? 30}%` })),
        state.busy.cancellable ? on(h('button', { id: 'cancel-refresh', type: 'button' }, m('refresh.cancelButton')), 'click', () => ctl.cancelRefresh()) : null)));
  }
  if (state.notices.length) sections.push(h('ul', { class: 'notices', id: 'notices' }, ...state.notices.map((n) => h('li', { class: `notice ${n.kind}` }, n.text))));
  if (state.confirmOverwrite) {
    sections.push(h('div', { class: 'confirm', id: 'confirm-overwrite', role: 'alertdialog' }, h('p', {}, m('refresh.stockEditsWarning', { count: state.confirmOverwrite.edits })), h('div', { class: 'row' }, on(h('button', { id: 'confirm-overwrite-yes', class: 'danger' }, m('refresh.overwrite')), 'click', () => void ctl.refresh(true)), on(h('button', { id: 'confirm-overwrite-no' }, m('refresh.cancel')), 'click', () => ctl.cancelOverwrite()))));
  }
  if (state.me) {
    sections.push(refreshSection(state, ctl, m, busy));
    if (state.catalogue.some((d) => d.name === STOCK_DATASET)) sections.push(stockSection(state, ctl, m, busy));
    if (state.catalogue.some((d) => d.name === RULES_DATASET)) sections.push(rulesSection(state, ctl, m, busy));
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

function paramInput(field: ParamField, state: PaneState, ctl: PaneController, m: (k: MessageKey, p?: MessageParams) => string): HTMLElement {
  const value = state.params[field.name] ?? '';
  const id = `param-${field.name}`;
  const update = (e: Event) => ctl.set(S.setParam(ctl.current, field.name, (e.target as HTMLInputElement | HTMLSelectElement).value), true);
  let input: HTMLElement;
  let list: HTMLElement | null = null;
  if (field.allowed?.length) {
    input = on(h('select', { id }, h('option', { value: '', selected: value === '' }, field.placeholder ? `${m('param.any')} · ${field.placeholder}` : m('param.any')), ...field.allowed.map((a) => h('option', { value: a, selected: value === a }, codeLabel(a, state.locale) === a ? a : `${codeLabel(a, state.locale)} (${a})`))), 'change', update);
  } else {
    const type = field.type === 'date' ? 'date' : field.type === 'integer' || field.type === 'number' ? 'number' : 'text';
    // Filters offer the values seen in the data so far; typing anything else stays possible.
    if (field.choices?.length) list = h('datalist', { id: `${id}-choices` }, ...field.choices.map((c) => h('option', { value: c })));
    input = on(h('input', { id, type, value, placeholder: field.placeholder, step: field.type === 'number' ? 'any' : undefined, min: field.min === undefined ? undefined : String(field.min), max: field.max === undefined ? undefined : String(field.max), list: list ? `${id}-choices` : undefined, autocomplete: 'off' }), 'input', update);
  }
  const applies = field.partial ? h('span', { class: 'applies', id: `${id}-applies` }, m('param.appliesTo', { datasets: field.appliesTo.join(', ') })) : null;
  return h('label', { class: 'param', title: `${field.description}${field.appliesTo.length ? ` · ${field.appliesTo.join(', ')}` : ''}` }, field.label, input, list, applies);
}

function refreshSection(state: PaneState, ctl: PaneController, m: (k: MessageKey, p?: MessageParams) => string, busy: boolean): HTMLElement {
  const list = h('ul', { class: 'datasets', id: 'datasets' }, ...state.catalogue.map((d) => {
    const box = on(h('input', { type: 'checkbox', id: `ds-${d.name}`, value: d.name, checked: state.selected.includes(d.name) }), 'change', (e) => ctl.set(S.toggleDataset(ctl.current, d.name, (e.target as HTMLInputElement).checked)));
    return h('li', {}, h('label', { title: d.description }, box, datasetTitle(d.name, state.locale, d.title)));
  }));
  const fields = paramFields(state.catalogue, state.selected, state.locale, state.paramChoices, (d) => datasetTitle(d.name, state.locale, d.title));
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
    on(h('button', { id: 'refresh-button', class: 'primary', disabled: busy || state.selected.length === 0 }, m('refresh.button')), 'click', () => void ctl.refresh()),
    state.refreshResults.length > 1 || state.refreshResults.some((r) => r.outcome !== 'ok') ? refreshResults(state, m) : null);
}

/** Each dataset of the last refresh: rows, time, and what went wrong or why it is empty. */
function refreshResults(state: PaneState, m: (k: MessageKey, p?: MessageParams) => string): HTMLElement {
  return h('div', { class: 'results', id: 'refresh-results' },
    h('h3', {}, m('refresh.resultsHeading')),
    h('table', {},
      h('thead', {}, h('tr', {}, h('th', {}, m('refresh.col.dataset')), h('th', { class: 'num' }, m('refresh.col.rows')), h('th', { class: 'num' }, m('refresh.col.time')), h('th', {}, m('refresh.col.result')))),
      h('tbody', {}, ...state.refreshResults.map((r) => h('tr', { class: r.outcome, 'data-dataset': r.dataset },
        h('td', {}, r.title),
        h('td', { class: 'num' }, r.outcome === 'ok' || r.outcome === 'empty' ? r.rows.toLocaleString('en-US') : '—'),
        h('td', { class: 'num' }, r.outcome === 'skipped' ? '—' : formatSeconds(r.seconds, state.locale)),
        h('td', { title: r.message }, m(`refresh.outcome.${r.outcome}` as MessageKey), r.message ? h('div', { class: 'why' }, r.message) : null))))));
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
  const summary = state.stockSummary;
  if (review) {
    const warnings = review.warnings ?? [];
    const counts = summary?.counts;
    children.push(h('div', { class: 'review', id: 'review-panel' },
      h('p', { class: 'summary', id: 'plan-summary' }, m('stock.planSummary', { ready: counts?.ready ?? review.changes, rejected: counts?.rejected ?? review.rejected.length, invalid: counts?.invalid ?? review.invalid })),
      review.batches.length ? h('ul', { class: 'batches', id: 'plan-batches' }, ...review.batches.map((b) => h('li', {}, m('stock.batch', { channel: b.channel, rows: b.rows, calls: b.calls })))) : null,
      warnings.length ? h('p', { class: 'note warning', id: 'plan-warnings-title' }, m('stock.planWarnings', { count: warnings.length })) : null,
      warnings.length ? h('ul', { class: 'warnings', id: 'plan-warnings' }, ...warnings.map((w) => h('li', {}, h('code', {}, w.listing), ' ', h('span', { class: 'reason' }, reasonText(w.code, w.message, state.locale))))) : null,
      h('p', { class: 'note' }, m('stock.irreversible'))));
  }
  // The push result stays visible after its notice has been replaced by other messages.
  if (summary?.step === 'push' && !state.notices.length) children.push(h('p', { class: 'push-result', id: 'push-result' }, m('stock.pushResult', pushResultParams(summary.counts))));
  if (summary?.issues.length) children.push(issueList(summary.issues, state.locale, ctl, m));
  return h('section', { id: 'stock', class: 'card' }, ...children);
}

/**
 * Every row that did not go through, grouped by status in the order a manager deals with them;
 * a click selects the row's New quantity cell, so nobody filters a 1,100-row sheet to find it.
 */
function issueList(issues: readonly RowIssue[], locale: Locale, ctl: PaneController, m: (k: MessageKey, p?: MessageParams) => string): HTMLElement {
  const order: RowStatus[] = ['conflict', 'failed', 'rejected', 'invalid', 'pending_verification'];
  const groups = order.map((status) => ({ status, rows: issues.filter((i) => i.status === status) })).filter((g) => g.rows.length > 0);
  return h('div', { class: 'issues', id: 'row-issues' },
    h('p', { class: 'note' }, m('stock.issuesTitle', { count: issues.length })),
    ...groups.map((g) => h('div', { class: `issue-group ${g.status}` },
      h('h3', {}, `${statusLabel(g.status, locale)} (${g.rows.length})`),
      h('ul', {}, ...g.rows.map((i) => h('li', {}, on(h('button', { type: 'button', class: 'issue', 'data-row': String(i.row), title: i.listing }, h('code', {}, i.sku || i.listing), ' ', h('span', { class: 'reason' }, i.message)), 'click', () => void ctl.selectStockRow(i.row))))))));
}

/** Allocation rules: preview the Rules sheet's edits on the Stock sheet, then save them (managers). */
function rulesSection(state: PaneState, ctl: PaneController, m: (k: MessageKey, p?: MessageParams) => string, busy: boolean): HTMLElement {
  const manager = S.canPush(state);
  const review = state.rulesReview;
  return h('section', { id: 'rules', class: 'card' },
    h('h2', {}, m('rules.heading')),
    h('div', { class: 'row wrap' },
      on(h('button', { id: 'preview-rules', disabled: busy }, m('rules.preview')), 'click', () => void ctl.previewRules()),
      on(h('button', { id: 'save-rules', class: 'primary', disabled: busy || !manager || !review || review.changes.length === 0, title: manager ? undefined : m('rules.saveDisabledAnalyst') }, m('rules.save')), 'click', () => void ctl.saveRules())),
    manager ? null : h('p', { class: 'note', id: 'rules-disabled-reason' }, m('rules.saveDisabledAnalyst')),
    review ? h('ul', { class: 'batches', id: 'rules-changes' }, ...review.changes.map((c) => h('li', {}, h('code', {}, c.rule_id), ' ', c.kind === 'delete' ? m('rules.readyDelete') : RULE_FIELDS.map((f) => `${headerLabel(f, state.locale)} ${c.body[f] ?? '—'}`).join(' · ')))) : null);
}
