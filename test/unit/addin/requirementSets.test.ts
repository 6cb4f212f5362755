// Every Excel JavaScript API the add-in calls belongs to the requirement set the manifest declares
// (an older Excel refuses to start an add-in whose sets it lacks, and fails at run time on a member
// newer than them). The type checker resolves each member the add-in's code touches to its
// declaration in @types/office-js, whose doc comment names its set ("[Api set: ExcelApi 1.7]").
// Members newer than the manifest's set are allowed only where the code checks for them first.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';

const ROOT = join(__dirname, '..', '..', '..');

/** Members newer than the manifest's set that the add-in uses only behind a run-time check. */
const GUARDED: Record<string, { version: string; guard: RegExp }> = {
  'Excel.Table.resize': { version: '1.13', guard: /this\.supports\('1\.13'\)/ },
  'Excel.RunOptions.delayForCellEdit': { version: '1.11', guard: /this\.supports\('1\.11'\)/ },
};

function manifestExcelApi(): string {
  const xml = readFileSync(join(ROOT, 'manifest.xml'), 'utf8');
  const m = /<Set Name="ExcelApi" MinVersion="([\d.]+)"\s*\/>/.exec(xml);
  if (!m) throw new Error('manifest.xml declares no ExcelApi requirement set');
  return m[1];
}

function newer(a: string, b: string): boolean {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number));
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0);
  return false;
}

interface Use {
  member: string;
  set: string | null;
  at: string;
}

/** Every Office/Excel member the add-in's source touches, with the API set its declaration names. */
function officeUses(): Use[] {
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(String(d.messageText)); } });
  if (!config) throw new Error('cannot read tsconfig.json');
  const files = config.fileNames.filter((f) => f.includes(`${join(ROOT, 'addin')}/`));
  const program = ts.createProgram(files, config.options);
  const checker = program.getTypeChecker();
  const uses: Use[] = [];

  const record = (symbol: ts.Symbol | undefined, node: ts.Node) => {
    for (const decl of symbol?.declarations ?? []) {
      const file = decl.getSourceFile();
      if (!/@types[\\/]office-js[\\/]/.test(file.fileName)) continue;
      const comments = (ts.getLeadingCommentRanges(file.text, decl.getFullStart()) ?? []).map((r) => file.text.slice(r.pos, r.end)).join('\n');
      const set = /\[Api set: ([^\]]+)\]/.exec(comments)?.[1] ?? null;
      const owner = ts.isClassDeclaration(decl.parent) || ts.isInterfaceDeclaration(decl.parent) ? decl.parent.name?.text : undefined;
      const ns = ts.findAncestor(decl, ts.isModuleDeclaration)?.name.getText();
      const { line } = node.getSourceFile().getLineAndCharacterOfPosition(node.getStart());
      uses.push({ member: [ns, owner, symbol?.name].filter(Boolean).join('.'), set, at: `${node.getSourceFile().fileName.slice(ROOT.length + 1)}:${line + 1}` });
    }
  };

  for (const sf of program.getSourceFiles()) {
    if (!files.includes(sf.fileName)) continue;
    const visit = (node: ts.Node) => {
      if (ts.isPropertyAccessExpression(node)) record(checker.getSymbolAtLocation(node.name), node);
      // Options objects ({ delayForCellEdit: true }) name members of the type they are given as.
      if (ts.isPropertyAssignment(node) && ts.isObjectLiteralExpression(node.parent)) {
        const type = checker.getContextualType(node.parent);
        if (type && ts.isIdentifier(node.name)) record(type.getProperty(node.name.text), node);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return uses;
}

describe('Office.js requirement sets', () => {
  const required = manifestExcelApi();
  const uses = officeUses();

  it('finds the Excel calls the add-in makes (the check reads the real code)', () => {
    const members = new Set(uses.map((u) => u.member));
    for (const m of ['Excel.run', 'Excel.Range.values', 'Excel.WorksheetFreezePanes.freezeAt', 'Excel.Table.resize', 'Excel.Range.select', 'Excel.ConditionalRangeFormat.numberFormat', 'Excel.RunOptions.delayForCellEdit']) expect([m, members.has(m)]).toEqual([m, true]);
  });

  /** "ExcelApi 1.2 for options; 1.7 for password" → 1.7: the newest version any use may need. */
  const versionOf = (set: string) => (set.match(/\d+\.\d+/g) ?? ['1.1']).reduce((a, b) => (newer(b, a) ? b : a));

  it("uses only ExcelApi members up to the manifest's ExcelApi version, except behind a run-time check", () => {
    const tooNew = uses
      .filter((u) => u.set !== null && /^ExcelApi /.test(u.set) && newer(versionOf(u.set), required))
      .filter((u) => !(GUARDED[u.member] && versionOf(u.set as string) === GUARDED[u.member].version));
    expect(tooNew).toEqual([]);
  });

  it("uses no member of another host's or a preview requirement set", () => {
    const foreign = uses.filter((u) => u.set !== null && !/^ExcelApi \d+\.\d+( for [\w ]+)?(; \d+\.\d+ for [\w ]+)*$/.test(u.set));
    expect(foreign).toEqual([]);
  });

  it('checks for each newer member at run time before using it', () => {
    const adapter = readFileSync(join(ROOT, 'addin', 'excel', 'officeWorkbook.ts'), 'utf8');
    for (const [member, { version, guard }] of Object.entries(GUARDED)) {
      expect([member, newer(version, required), guard.test(adapter)]).toEqual([member, true, true]);
    }
  });
});
