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
  it('humanises names in English with acronyms kept', () => {
    expect(headerLabel('on_hand_units', 'en')).toBe('On hand units');
    expect(headerLabel('sku', 'en')).toBe('SKU');
    expect(headerLabel('cogs_turnover_annualised', 'en')).toBe('COGS turnover annualised');
  });

  it('translates whole phrases before words in Chinese', () => {
    expect(headerLabel('days_of_supply', 'zh-CN')).toBe('可售天数');
    expect(headerLabel('new_quantity', 'zh-CN')).toBe('新数量');
    expect(headerLabel('on_hand_units', 'zh-CN')).toBe('在手件数');
  });

  it('keeps unknown words in English instead of guessing', () => {
    expect(headerLabel('gizmo_count', 'zh-CN')).toBe('gizmo数量');
  });

  it('finds a column by its name, English label or Chinese label', () => {
    const headers = ['SKU', '新数量', 'Baseline quantity', 'listing'];
    expect(findColumn(headers, 'new_quantity')).toBe(1);
    expect(findColumn(headers, 'baseline_quantity')).toBe(2);
    expect(findColumn(headers, 'listing')).toBe(3);
    expect(findColumn(headers, 'status')).toBe(-1);
  });
});
