import { batchableSpec, windowsAcrossFiles } from '../../../pipeline/ingest/batchable';
import { stagingColumns } from '../../../pipeline/ingest/load';
import { REPORTS } from '../../../pipeline/ingest/registry';
import { hasMixedLineEndBytes, hasMixedLineEnds } from '../../../pipeline/ingest/sniff';

const headerOf = (spec: (typeof REPORTS)[number]) => stagingColumns([...spec.required, ...(spec.optional ?? []), ...(spec.oneOf ?? []).map((group) => group[0])]);

describe('which reports load several files together', () => {
  it('counts the windows that would mix the lines of two files', () => {
    expect(windowsAcrossFiles('max(x) over (partition by "name")')).toBe(1);
    expect(windowsAcrossFiles('max(x) over (partition by cd_file, "name") + row_number() over ( partition by cd_file order by line_number)')).toBe(0);
    expect(windowsAcrossFiles('row_number() over (order by line_number)')).toBe(1);
  });

  it('batches every registered report but one whose SQL runs a window across files', () => {
    const alone = REPORTS.filter((spec) => !batchableSpec(spec, headerOf(spec))).map((spec) => spec.kind);
    // (crossdock/locations: its after-load statement ranks names over all rows, files mixed)
    expect(alone).toEqual(['crossdock/locations']);
  });

  it('loads a reshaped report alone when its reshaped rows drop the file column', () => {
    const spec = REPORTS.find((s) => s.kind === 'ebay/transaction_report')!;
    const dropsFile = { ...spec, reshape: () => ['create or replace temp table cd_reshaped as select line_number, "type" from cd_raw'] };
    expect(batchableSpec(spec, headerOf(spec))).toBe(true);
    expect(batchableSpec(dropsFile, headerOf(spec))).toBe(false);
  });

  it('loads a report alone when its SQL depends on the locations its own loads add', () => {
    const spec = REPORTS.find((s) => s.kind === 'amazon/fba_inventory')!;
    const namesLocations = { ...spec, output: (ctx: Parameters<typeof spec.output>[0]) => ({ ...spec.output(ctx), location_id: `'${ctx.locations.length}'` }) };
    expect(batchableSpec(spec, headerOf(spec))).toBe(true);
    expect(batchableSpec(namesLocations, headerOf(spec))).toBe(false);
  });
});

describe('mixed line ends, told from the bytes', () => {
  it.each([['a\r\nb\r\n'], ['a\nb\n'], ['a\r\nb\n'], ['\na\r\n'], ['\uFEFFa\nb\r\n'], ['"x\ny"\r\nz\r\n'], ['']])('agrees with the text check for %j', (text) => {
    expect(hasMixedLineEndBytes(Buffer.from(text, 'utf8'))).toBe(hasMixedLineEnds(text.replace(/^\uFEFF/, '')));
  });
});
