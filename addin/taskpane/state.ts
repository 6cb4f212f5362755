// The pane's state and its pure transitions. The view renders a PaneState; actions.ts performs
// effects (API, workbook) and moves the state with these functions.
import type { DataDates } from '../../pipeline/analytics/paramCatalogue';
import type { DatasetSpec } from '../../pipeline/analytics/types';
import type { Me } from '../api';
import { DATASET_ORDER } from '../core/datasets';
import { CHANGES_DATASET, changesSpec } from '../core/changes';
import { RULES_DATASET, rulesSpec, type RuleChange } from '../core/rules';
import type { Locale } from '../core/i18n';
import { mergeChoices, orderDatasets, type ParamValues } from '../core/params';
import type { PendingPush, PlanSummary, SheetSummary } from '../core/push';
import type { DatasetRefresh } from '../core/refreshReport';

export type Notice = { kind: 'info' | 'success' | 'warning' | 'error'; text: string };

export interface Busy {
  label: string;
  /** 0–1 when known. */
  progress: number | null;
  /** A refresh: the pane offers Cancel. */
  cancellable?: boolean;
}

export interface Review extends PlanSummary {
  /** Fingerprint of the edits reviewed; Push refuses if the sheet changed since. */
  fingerprint: string;
  invalid: number;
}

/** What the last review or push left on the stock sheet: counts per status and the rows to look at. */
export interface StockSummary extends SheetSummary {
  step: 'review' | 'push';
}

export interface PaneState {
  locale: Locale;
  server: string;
  token: string;
  me: Me | null;
  catalogue: DatasetSpec[];
  selected: string[];
  params: ParamValues;
  busy: Busy | null;
  notices: Notice[];
  /** Set when a refresh would overwrite unpushed stock edits: the pane asks first. */
  confirmOverwrite: { edits: number } | null;
  review: Review | null;
  stockSummary: StockSummary | null;
  /** Each dataset of the last refresh: rows, time, and why it is empty or failed. */
  refreshResults: DatasetRefresh[];
  /** Values of the filter parameters seen in refreshed data (suggested in their fields). */
  paramChoices: Record<string, string[]>;
  /** The days the server's data covers (the catalogue), to refuse an as_of outside them before asking. */
  dataDates: DataDates | null;
  /** The last rules preview: what Save sends, unless the Rules sheet changed since. */
  rulesReview: { fingerprint: string; changes: RuleChange[]; invalid: number; listings: number | null } | null;
  pendingPush: PendingPush | null;
  /** The "More parameters" section is open. */
  showMoreParams: boolean;
}

export function initialState(locale: Locale, server: string, token: string): PaneState {
  return { locale, server, token, me: null, catalogue: [], selected: [], params: {}, busy: null, notices: [], confirmOverwrite: null, review: null, stockSummary: null, refreshResults: [], paramChoices: {}, dataDates: null, rulesReview: null, pendingPush: null, showMoreParams: false };
}

export function connected(state: PaneState, me: Me, catalogue: DatasetSpec[], known: { choices?: Record<string, string[]>; data_dates?: DataDates | null } = {}): PaneState {
  // The stock ledger and the allocation rules are refreshed like datasets (their own endpoints), beside the stock sheet.
  const hasStock = catalogue.some((d) => d.name === 'stock');
  const withLedger = hasStock ? [...catalogue.filter((d) => d.name !== CHANGES_DATASET && d.name !== RULES_DATASET), changesSpec(), rulesSpec()] : catalogue;
  const ordered = orderDatasets(withLedger, DATASET_ORDER);
  // Default selection: the datasets the server offers (everything but operational ones).
  const defaults = ordered.filter((d) => (DATASET_ORDER as readonly string[]).includes(d.name)).map((d) => d.name);
  const keep = state.selected.filter((n) => ordered.some((d) => d.name === n));
  const paramChoices = mergeChoices(state.paramChoices, known.choices ?? {});
  return { ...state, me, catalogue: ordered, selected: keep.length ? keep : defaults, busy: null, paramChoices, dataDates: known.data_dates ?? null };
}

export function disconnected(state: PaneState): PaneState {
  return { ...state, me: null, token: '', catalogue: [], review: null, stockSummary: null, pendingPush: null, confirmOverwrite: null };
}

export function toggleDataset(state: PaneState, name: string, on: boolean): PaneState {
  const selected = on ? [...new Set([...state.selected, name])] : state.selected.filter((n) => n !== name);
  return { ...state, selected: state.catalogue.map((d) => d.name).filter((n) => selected.includes(n)) };
}

export function selectAll(state: PaneState, on: boolean): PaneState {
  return { ...state, selected: on ? state.catalogue.map((d) => d.name) : [] };
}

export function setParam(state: PaneState, name: string, value: string): PaneState {
  return { ...state, params: { ...state.params, [name]: value } };
}

/** Work starts: the previous action's messages go away, the progress bar shows. */
export function startBusy(state: PaneState, label: string, progress: number | null = null, cancellable = false): PaneState {
  return { ...state, busy: { label, progress, cancellable }, notices: [] };
}

export function done(state: PaneState, ...notices: Notice[]): PaneState {
  return { ...state, busy: null, notices };
}

export function canPush(state: PaneState): boolean {
  return state.me?.role === 'manager';
}

export function reviewed(state: PaneState, review: Review, summary: SheetSummary): PaneState {
  return { ...state, review, stockSummary: { ...summary, step: 'review' } };
}

export function pushed(state: PaneState, summary: SheetSummary): PaneState {
  return { ...state, review: null, stockSummary: { ...summary, step: 'push' }, pendingPush: state.pendingPush ? { ...state.pendingPush, answered: true } : null };
}
