import { dataWarningText, httpErrorText } from '../../../addin/core/codeLabels';
import { reasonText } from '../../../addin/core/push';
import { headerLabel, findColumn } from '../../../addin/core/headers';
import { allTranslations, localeFromOffice, messageKeys, t } from '../../../addin/core/i18n';

describe('locale', () => {
  it.each([['zh-CN', 'zh-CN'], ['zh-Hans-CN', 'zh-CN'], ['zh-SG', 'zh-CN'], ['zh-TW', 'en'], ['en-US', 'en'], ['de-DE', 'en'], [undefined, 'en']])('Office display language %s → %s', (lang, locale) => {
    expect(localeFromOffice(lang)).toBe(locale);
  });
});

describe('message tables', () => {
  it('has a Chinese message for every English key, with the same placeholders', () => {
    for (const key of messageKeys()) {
      const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect([key, placeholders(t('zh-CN', key))]).toEqual([key, placeholders(t('en', key))]);
      expect(t('zh-CN', key).length).toBeGreaterThan(0);
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(t('en', 'refresh.writing', { dataset: 'Stock', done: 10, total: 20 })).toBe('Writing Stock: 10 of 20 rows');
    expect(t('en', 'refresh.writing', { dataset: 'Stock' })).toBe('Writing Stock: {done} of {total} rows');
  });

  it('lists each translation once', () => {
    expect(allTranslations('status.failed')).toEqual(['failed', '失败']);
    expect(allTranslations('app.title')).toEqual(['Crossdock']);
  });
});

describe('column headers', () => {
  it('reads API columns in a seller\'s words from the reviewed table', () => {
    expect(headerLabel('on_hand_units', 'en')).toBe('On hand');
    expect(headerLabel('units_age_0_90', 'en')).toBe('Units aged 0–90 days');
    expect(headerLabel('ats_before_units', 'en')).toBe('Available to sell before the order');
    expect(headerLabel('value_at_cost_base', 'zh-CN')).toBe('库存成本价值（本币）');
    expect(headerLabel('new_quantity', 'zh-CN')).toBe('新数量');
  });

  it('humanises a column the table does not know yet, with acronyms kept', () => {
    expect(headerLabel('sku_gizmo_units', 'en')).toBe('SKU gizmo units');
    expect(headerLabel('fba_days_of_supply', 'zh-CN')).toBe('FBA可售天数');
  });

  it('shows a column it cannot fully translate in English rather than half in each language', () => {
    expect(headerLabel('gizmo_count', 'zh-CN')).toBe('Gizmo count');
  });

  it('finds a column by its name, English label, Chinese label, or the label an older version wrote', () => {
    const headers = ['SKU', '新数量', 'Baseline quantity', 'listing', 'On hand units'];
    expect(findColumn(headers, 'new_quantity')).toBe(1);
    expect(findColumn(headers, 'baseline_quantity')).toBe(2);
    expect(findColumn(headers, 'listing')).toBe(3);
    expect(findColumn(headers, 'on_hand_units')).toBe(4);
    expect(findColumn(headers, 'status')).toBe(-1);
  });
});

describe('the Chinese pane', () => {
  it('says every message in Chinese, with only product names and agreed tokens in Latin letters', () => {
    const allowed = new Set(['Crossdock', 'Excel', 'SKU', 'FBA', 'UTC', 'Windows', 'Mac']);
    // Commands, file names and product names are typed or searched for as they are.
    const literals = /npm run start:excel|manifest\.xml|Microsoft 365|\ball\b|channel:<[^>]*>|listing:<[^>]*>/g;
    const latin = messageKeys().flatMap((k) => (t('zh-CN', k).replace(/\{\w+\}/g, '').replace(literals, '').match(/[A-Za-z][A-Za-z0-9]*/g) ?? []).filter((w) => !allowed.has(w)).map((w) => `${k}: ${w}`));
    expect(latin).toEqual([]);
  });

  it('explains a known server error code in Chinese and quotes the server\'s detail', () => {
    expect(httpErrorText('zh-CN', 400, 'CD_BAD_PARAMETER', 'location: unknown value NOPE')).toBe('参数有误（400 CD_BAD_PARAMETER）。服务器原文：location: unknown value NOPE');
    expect(httpErrorText('en', 400, 'CD_BAD_PARAMETER', 'location: unknown value NOPE')).toBe('400 CD_BAD_PARAMETER: location: unknown value NOPE');
  });

  it('says a write-back reason code in Chinese, keeping the code for support', () => {
    expect(reasonText('CHANNEL_NOT_CONFIGURED', 'no aliexpress stock writer is configured on this server', 'zh-CN')).toBe('此渠道未配置库存写入（CHANNEL_NOT_CONFIGURED）');
    expect(reasonText('CHANNEL_NOT_CONFIGURED', 'no writer', 'en')).toBe('CHANNEL_NOT_CONFIGURED: no writer');
  });
});

describe('the server\'s notes on the data, in Chinese', () => {
  it('translates the data-dates warnings the server writes and keeps any other note as sent', () => {
    expect(dataWarningText('Data ends before as_of 2026-12-31: all channels orders end 2026-11-25, stock at FBA-US ends 2026-11-24. Later days count as unknown stock and no orders.', 'zh-CN'))
      .toBe('数据在截至日期 2026-12-31 之前结束：全部渠道订单截至 2026-11-25，FBA-US 库存截至 2026-11-24。之后的日期按库存未知、无订单计算。');
    expect(dataWarningText('as_of defaults to 2024-11-30, the last day orders and stock are both complete; newer data waits for the other sources: stock at A ends 2024-12-01, stock at B ends 2024-12-02 and 3 more.', 'zh-CN'))
      .toBe('截至日期默认为 2024-11-30，即订单和库存都完整的最后一天；更新的数据还在等其他数据源：A 库存截至 2024-12-01，B 库存截至 2024-12-02，另有 3 个。');
    expect(dataWarningText('something new', 'zh-CN')).toBe('something new');
    expect(dataWarningText('Data ends before as_of 2026-12-31: x.', 'en')).toBe('Data ends before as_of 2026-12-31: x.');
  });
});
