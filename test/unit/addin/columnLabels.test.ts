// The reviewed header table covers every column a sheet shows, in both languages, and no Chinese
// header mixes in Latin words beyond the agreed tokens.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CHANGES_COLUMNS } from '../../../addin/core/changes';
import { COLUMN_LABELS, mixesScripts } from '../../../addin/core/columnLabels';
import { headerLabel } from '../../../addin/core/headers';
import { stockPresentation } from '../../../addin/core/stock';
import type { DatasetDefinition } from '../../../pipeline/analytics/types';

const DATASETS_DIR = join(__dirname, '..', '..', '..', 'pipeline', 'analytics', 'datasets');

function serverColumns(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const file of readdirSync(DATASETS_DIR).filter((f) => f.endsWith('.ts'))) {
    const { dataset } = require(join(DATASETS_DIR, file)) as { dataset: DatasetDefinition };
    for (const c of dataset.columns) out.push([dataset.name, c.name]);
  }
  return out;
}

describe('the header table', () => {
  const sheetColumns = [
    ...serverColumns(),
    ...(stockPresentation([]).extraColumns ?? []).map((e): [string, string] => ['stock sheet', e.column.name]),
    ...CHANGES_COLUMNS.map((c): [string, string] => ['Changes sheet', c.name]),
  ];

  it('has a reviewed English and Chinese header for every column of every dataset and sheet', () => {
    expect(sheetColumns.length).toBeGreaterThan(200);
    expect(sheetColumns.filter(([, name]) => !COLUMN_LABELS[name])).toEqual([]);
  });

  it('never mixes Latin words into a Chinese header, except SKU, FBA, ASIN and the other agreed tokens', () => {
    const mixed = sheetColumns.map(([d, name]) => [d, name, headerLabel(name, 'zh-CN')]).filter(([, , zh]) => mixesScripts(zh));
    expect(mixed).toEqual([]);
  });

  it('catches the half-translated headers the issue found', () => {
    expect(['可售天数sort', 'restock率', '是否cohort maturing'].map(mixesScripts)).toEqual([true, true, true]);
    expect(['SKU 数', '仓库 ID', '发货用时（小时，P90）'].map(mixesScripts)).toEqual([false, false, false]);
  });

  it('writes English headers as words, never as column names', () => {
    const raw = Object.entries(COLUMN_LABELS).filter(([, l]) => /_|\b(hdos|ats|pct)\b/i.test(l.en));
    expect(raw).toEqual([]);
  });

  it('gives every column of one dataset a header of its own (Excel would rename duplicates)', () => {
    const byDataset = new Map<string, string[]>();
    for (const [d, name] of serverColumns()) byDataset.set(d, [...(byDataset.get(d) ?? []), name]);
    for (const [d, names] of byDataset) {
      for (const locale of ['en', 'zh-CN'] as const) {
        const labels = names.map((n) => headerLabel(n, locale).toLowerCase());
        expect([d, locale, labels.filter((l, i) => labels.indexOf(l) !== i)]).toEqual([d, locale, []]);
      }
    }
  });
});
