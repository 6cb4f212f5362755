// Every relative link in README.md and docs/**/*.md must name a file inside this repository (a
// clone has nothing beside it), and a link to a heading (#anchor) must name a heading there.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const REPO = resolve(__dirname, '../../..');

function markdownFiles(): string[] {
  const out = [join(REPO, 'README.md')];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.md')) out.push(path);
    }
  };
  walk(join(REPO, 'docs'));
  return out;
}

/** The text outside fenced code blocks. */
function unfenced(text: string): string {
  return text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
}

/** The text outside code blocks and inline code, where a link is a link. */
function prose(text: string): string {
  return unfenced(text).replace(/`[^`\n]*`/g, '');
}

/** Link targets: [text](target "title") and reference definitions [label]: target. */
export function linkTargets(text: string): string[] {
  const body = prose(text);
  const inline = [...body.matchAll(/\]\(\s*(?:<([^>\n]+)>|([^)\s]+))(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1] ?? m[2]);
  const defined = [...body.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)].map((m) => m[1]);
  return [...inline, ...defined];
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function headingAnchors(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, heading] of unfenced(text).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const plain = heading.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[*`]/g, '');
    const slug = plain.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  for (const [, id] of text.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) anchors.add(id);
  return anchors;
}

/** What is wrong with one link of `file`, or null. */
function problem(file: string, target: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return null; // https:, mailto: …
  const [pathPart, anchor] = target.split('#', 2);
  const path = pathPart === '' ? file : resolve(dirname(file), decodeURIComponent(pathPart));
  const inside = relative(REPO, path);
  if (inside.startsWith('..') || inside.startsWith(sep)) return `${target} points outside the repository`;
  if (!existsSync(path)) return `${target}: no such file`;
  if (anchor && path.endsWith('.md') && !headingAnchors(readFileSync(path, 'utf8')).has(decodeURIComponent(anchor).toLowerCase())) {
    return `${target}: ${relative(REPO, path)} has no heading #${anchor}`;
  }
  return null;
}

describe('documentation links', () => {
  it('finds links the way a Markdown renderer does', () => {
    const text = 'See [a](docs/a.md), [b](<b c.md> "t") and `[not](x.md)`.\n```\n[no](y.md)\n```\n[ref]: ../z.md\n';
    expect(linkTargets(text)).toEqual(['docs/a.md', 'b c.md', '../z.md']);
    expect([...headingAnchors('# The channel contract: one folder\n## Q & A\n## Q & A\n### Fee reports → `order_fee`\n')]).toEqual(['the-channel-contract-one-folder', 'q--a', 'q--a-1', 'fee-reports--order_fee']);
  });

  it('resolves every relative link in README.md and docs/ to a file (and heading) inside the repository', () => {
    const problems = markdownFiles().flatMap((file) =>
      linkTargets(readFileSync(file, 'utf8'))
        .map((target) => problem(file, target))
        .filter((p): p is string => p !== null)
        .map((p) => `${relative(REPO, file)}: ${p}`),
    );
    expect(problems).toEqual([]);
  });

  it('sends no reader to a file in the shared folder beside the checkout, which a clone does not have', () => {
    const mentions = markdownFiles().flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, at: `${relative(REPO, file)}:${i + 1}` }))
        .filter(({ line }) => /(^|[\s`(])(\.\.\/)?shared\/(reference|fixtures)\//.test(line))
        .map(({ at }) => at),
    );
    expect(mentions).toEqual([]);
  });
});
