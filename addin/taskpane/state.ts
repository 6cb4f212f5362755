// The pane's state and its pure transitions. The view renders a PaneState; actions.ts performs
// effects (API, workbook) and moves the state with these functions.
import type { DatasetSpec } from '../../pipeline/analytics/types';
import type { Me } from '../api';
import { DATASET_ORDER } from '../core/datasets';
import type { Locale } from '../core/i18n';
import { orderDatasets, type ParamValues } from '../core/params';
import type { PendingPush, PlanSummary, PushCounts } from '../core/push';

export type Notice = { kind: 'info' | 'success' | 'warning' | 'error'; text: string };

export interface Busy {
  label: string;
  /** 0–1 when known. */
  progress: number | null;
}

export interface Review extends PlanSummary {
  /** Fingerprint of the edits reviewed; Push refuses if the sheet changed since. */
  fingerprint: string;
  invalid: number;
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
  lastPush: PushCounts | null;
  pendingPush: PendingPush | null;
  /** The "More parameters" section is open. */
  showMoreParams: boolean;
}

export function initialState(locale: Locale, server: string, token: string): PaneState {
  return { locale, server, token, me: null, catalogue: [], selected: [], params: {}, busy: null, notices: [], confirmOverwrite: null, review: null, lastPush: null, pendingPush: null, showMoreParams: false };
}

export function connected(state: PaneState, me: Me, catalogue: DatasetSpec[]): PaneState {
  const ordered = orderDatasets(catalogue, DATASET_ORDER);
  // Default selection: the datasets the server offers (everything but operational ones).
  const known = ordered.filter((d) => (DATASET_ORDER as readonly string[]).includes(d.name)).map((d) => d.name);
  const keep = state.selected.filter((n) => ordered.some((d) => d.name === n));
  return { ...state, me, catalogue: ordered, selected: keep.length ? keep : known, busy: null };
}

export function disconnected(state: PaneState): PaneState {
  return { ...state, me: null, token: '', catalogue: [], review: null, pendingPush: null, confirmOverwrite: null };
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
export function startBusy(state: PaneState, label: string, progress: number | null = null): PaneState {
  return { ...state, busy: { label, progress }, notices: [] };
}

export function done(state: PaneState, ...notices: Notice[]): PaneState {
  return { ...state, busy: null, notices };
}

export function canPush(state: PaneState): boolean {
  return state.me?.role === 'manager';
}

export function reviewed(state: PaneState, review: Review): PaneState {
  return { ...state, review };
}

export function pushed(state: PaneState, counts: PushCounts): PaneState {
  return { ...state, review: null, lastPush: counts, pendingPush: state.pendingPush ? { ...state.pendingPush, answered: true } : null };
}
