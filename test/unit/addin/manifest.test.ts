// Our own offline checks of manifest.xml (the XSD validation runs in .ci/steps/addin.sh):
// every URL https on the served origin, a GUID id, elements in schema order, resources resolvable.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const { addinOrigin } = require(join(ROOT, 'webpack.config.js')) as { addinOrigin(env: { origin?: string }): string };

interface Element {
  name: string;
  attrs: Record<string, string>;
  children: Element[];
  text: string;
}

/** A minimal XML reader: enough for a manifest (no DTDs, no CDATA). */
function parseXml(xml: string): Element {
  const src = xml.replace(/<\?xml[^>]*\?>/, '').replace(/<!--[\s\S]*?-->/g, '');
  const root: Element = { name: '#root', attrs: {}, children: [], text: '' };
  const stack = [root];
  const re = /<(\/?)([\w:.-]+)((?:\s+[\w:.-]+="[^"]*")*)\s*(\/?)>|([^<]+)/g;
  for (let m = re.exec(src); m; m = re.exec(src)) {
    const top = stack[stack.length - 1];
    if (m[5] !== undefined) {
      top.text += m[5].trim();
      continue;
    }
    if (m[1]) {
      if (top.name !== m[2]) throw new Error(`</${m[2]}> closes <${top.name}>`);
      stack.pop();
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of m[3].matchAll(/([\w:.-]+)="([^"]*)"/g)) attrs[a[1]] = a[2];
    const el: Element = { name: m[2], attrs, children: [], text: '' };
    top.children.push(el);
    if (!m[4]) stack.push(el);
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1].name}>`);
  return root.children[0];
}

function walk(el: Element, fn: (e: Element) => void): void {
  fn(el);
  el.children.forEach((c) => walk(c, fn));
}

function urlsOf(el: Element): string[] {
  const urls: string[] = [];
  walk(el, (e) => {
    for (const [k, v] of Object.entries(e.attrs)) if (/^https?:/i.test(v) && !k.startsWith('xmlns')) urls.push(v);
    if (/^https?:/i.test(e.text)) urls.push(e.text);
  });
  return urls;
}

/** TaskPaneApp children in the order OfficeAppManifestV1_1.xsd requires (optional ones may be absent). */
const ORDER = ['Id', 'AlternateId', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description', 'IconUrl', 'HighResolutionIconUrl', 'SupportUrl', 'AppDomains', 'Hosts', 'Requirements', 'DefaultSettings', 'Permissions', 'Dictionary', 'VersionOverrides'];
const REQUIRED = ['Id', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description', 'IconUrl', 'SupportUrl', 'Hosts', 'Requirements', 'DefaultSettings', 'Permissions', 'VersionOverrides'];

export function checkManifest(xml: string, origin: string): string[] {
  const problems: string[] = [];
  const app = parseXml(xml);
  if (app.name !== 'OfficeApp' || app.attrs['xsi:type'] !== 'TaskPaneApp') problems.push('root must be <OfficeApp xsi:type="TaskPaneApp">');
  const names = app.children.map((c) => c.name);
  for (const r of REQUIRED) if (!names.includes(r)) problems.push(`missing <${r}>`);
  const positions = names.map((n) => ORDER.indexOf(n));
  if (positions.includes(-1)) problems.push(`unknown elements: ${names.filter((n) => !ORDER.includes(n)).join(', ')}`);
  for (let i = 1; i < positions.length; i++) if (positions[i] < positions[i - 1]) problems.push(`<${names[i]}> must come before <${names[i - 1]}>`);
  const id = app.children.find((c) => c.name === 'Id')?.text ?? '';
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) problems.push(`<Id> is not a GUID: ${id}`);
  for (const u of urlsOf(app)) {
    if (!u.startsWith('https://')) problems.push(`not https: ${u}`);
    else if (new URL(u).origin !== origin) problems.push(`not on ${origin}: ${u}`);
  }
  let excelApi: string | null = null;
  walk(app, (e) => {
    if (e.name === 'Set' && e.attrs.Name === 'ExcelApi') excelApi = e.attrs.MinVersion;
  });
  if (excelApi === null) problems.push('no <Set Name="ExcelApi"> requirement');
  // Every resid used is defined in <Resources>.
  const defined = new Set<string>();
  const used = new Set<string>();
  walk(app, (e) => {
    if (/^bt:(Image|Url|String)$/.test(e.name) && e.attrs.id) defined.add(e.attrs.id);
    if (e.attrs.resid) used.add(e.attrs.resid);
  });
  for (const r of used) if (!defined.has(r)) problems.push(`resid ${r} is not defined in <Resources>`);
  if (!/<ShowTaskpane|xsi:type="ShowTaskpane"/.test(xml)) problems.push('no ribbon button opens the task pane');
  return problems;
}

describe('manifest.xml', () => {
  const xml = readFileSync(join(ROOT, 'manifest.xml'), 'utf8');

  it('passes every check for the default origin https://localhost:3000', () => {
    expect(checkManifest(xml, 'https://localhost:3000')).toEqual([]);
  });

  it('requires the ExcelApi set the add-in relies on (1.9) and points at the served task pane', () => {
    expect(xml).toMatch(/<Set Name="ExcelApi" MinVersion="1\.9"\/>/);
    expect(xml).toMatch(/<SourceLocation DefaultValue="https:\/\/localhost:3000\/addin\/taskpane\.html"\/>/);
  });

  it('references icons that exist in addin/assets', () => {
    for (const m of xml.matchAll(/\/addin\/assets\/([\w-]+\.png)/g)) expect([m[1], existsSync(join(ROOT, 'addin', 'assets', m[1]))]).toEqual([m[1], true]);
  });

  it('has Simplified Chinese overrides for the display name, description and button texts', () => {
    expect((xml.match(/Locale="zh-CN"/g) ?? []).length).toBeGreaterThanOrEqual(6);
  });

  it('moves every URL to another origin when built for one, and still passes', () => {
    const origin = addinOrigin({ origin: 'https://crossdock.example.com' });
    const moved = xml.split('https://localhost:3000').join(origin);
    expect(checkManifest(moved, origin)).toEqual([]);
    expect(checkManifest(moved, 'https://localhost:3000').length).toBeGreaterThan(0);
  });

  it('refuses a build origin that is not https or has a path', () => {
    expect(() => addinOrigin({ origin: 'http://crossdock.example.com' })).toThrow(/https/);
    expect(() => addinOrigin({ origin: 'https://crossdock.example.com/addin' })).toThrow(/without a path/);
  });

  it('catches the mistakes it is there for', () => {
    const broken = xml
      .replace('<Id>69f26abb-b41e-4bda-8f8d-50cfe903da9c</Id>', '<Id>crossdock</Id>')
      .replace('https://localhost:3000/addin/assets/icon-32.png', 'http://localhost:3000/addin/assets/icon-32.png')
      .replace(/(<DefaultSettings>[\s\S]*?<\/DefaultSettings>)(\s*)(<Permissions>ReadWriteDocument<\/Permissions>)/, '$3$2$1');
    const problems = checkManifest(broken, 'https://localhost:3000');
    expect(problems).toEqual(expect.arrayContaining(['<Id> is not a GUID: crossdock', 'not https: http://localhost:3000/addin/assets/icon-32.png']));
    expect(problems.some((p) => /must come before/.test(p))).toBe(true);
  });
});
