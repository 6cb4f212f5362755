// A small GraphQL reader and executor for the Shopify sandbox: enough of the language for the
// Admin API documents real clients send (operations, variables, aliases, arguments, field
// directives such as @idempotent, inline fragments), plus Shopify's static cost calculation.
// Resolvers return plain objects; a field whose value is a function is called with its
// arguments, so nested arguments (inventoryLevel(locationId:), quantities(names:)) just work.

export type GqlValue = null | boolean | number | string | GqlValue[] | { [key: string]: GqlValue } | { $var: string };

export interface GqlField {
  kind: 'field';
  alias: string | null;
  name: string;
  args: Record<string, GqlValue>;
  directives: { name: string; args: Record<string, GqlValue> }[];
  selections: GqlSelection[] | null;
}
export interface GqlInlineFragment {
  kind: 'inline';
  typeCondition: string | null;
  selections: GqlSelection[];
}
export type GqlSelection = GqlField | GqlInlineFragment;

export interface GqlOperation {
  type: 'query' | 'mutation';
  name: string | null;
  variableNames: string[];
  selections: GqlSelection[];
}

export class GqlSyntaxError extends Error {}

const PUNCT = new Set(['{', '}', '(', ')', '[', ']', ':', '!', '$', '@', '=', '|', '&']);

function tokenize(source: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (/[\s,\uFEFF]/.test(ch)) i++;
    else if (ch === '#') while (i < source.length && source[i] !== '\n') i++;
    else if (source.startsWith('...', i)) {
      tokens.push('...');
      i += 3;
    } else if (PUNCT.has(ch)) {
      tokens.push(ch);
      i++;
    }
    else if (ch === '"') {
      let j = i + 1;
      let text = '';
      while (j < source.length && source[j] !== '"') {
        if (source[j] === '\\') {
          const next = source[j + 1];
          text += next === 'n' ? '\n' : next === 't' ? '\t' : next === 'u' ? String.fromCharCode(parseInt(source.slice(j + 2, j + 6), 16)) : next;
          j += next === 'u' ? 6 : 2;
        } else text += source[j++];
      }
      if (j >= source.length) throw new GqlSyntaxError('unterminated string');
      tokens.push(JSON.stringify(text));
      i = j + 1;
    } else {
      const match = /^-?[_A-Za-z0-9.]+/.exec(source.slice(i));
      if (!match) throw new GqlSyntaxError(`unexpected character "${ch}"`);
      tokens.push(match[0]);
      i += match[0].length;
    }
  }
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: string[]) {}
  peek(): string | undefined {
    return this.tokens[this.pos];
  }
  next(): string {
    const token = this.tokens[this.pos++];
    if (token === undefined) throw new GqlSyntaxError('unexpected end of document');
    return token;
  }
  expect(token: string): void {
    const got = this.next();
    if (got !== token) throw new GqlSyntaxError(`expected "${token}", got "${got}"`);
  }
  name(): string {
    const token = this.next();
    if (!/^[_A-Za-z][_0-9A-Za-z]*$/.test(token)) throw new GqlSyntaxError(`expected a name, got "${token}"`);
    return token;
  }

  operation(): GqlOperation {
    let type: 'query' | 'mutation' = 'query';
    let name: string | null = null;
    const variableNames: string[] = [];
    if (this.peek() === 'query' || this.peek() === 'mutation') {
      type = this.next() as 'query' | 'mutation';
      if (this.peek() !== '{' && this.peek() !== '(' && this.peek() !== '@') name = this.name();
      if (this.peek() === '(') {
        this.next();
        while (this.peek() !== ')') {
          this.expect('$');
          variableNames.push(this.name());
          this.expect(':');
          this.type();
          if (this.peek() === '=') {
            this.next();
            this.value(); // a default value: the request's variables win anyway
          }
        }
        this.next();
      }
      this.directives();
    }
    const selections = this.selectionSet();
    if (this.peek() !== undefined) throw new GqlSyntaxError('only one operation per document is supported (no fragments)');
    return { type, name, variableNames, selections };
  }

  type(): void {
    if (this.peek() === '[') {
      this.next();
      this.type();
      this.expect(']');
    } else this.name();
    if (this.peek() === '!') this.next();
  }

  directives(): { name: string; args: Record<string, GqlValue> }[] {
    const out: { name: string; args: Record<string, GqlValue> }[] = [];
    while (this.peek() === '@') {
      this.next();
      const name = this.name();
      out.push({ name, args: this.peek() === '(' ? this.args() : {} });
    }
    return out;
  }

  args(): Record<string, GqlValue> {
    this.expect('(');
    const args: Record<string, GqlValue> = {};
    while (this.peek() !== ')') {
      const key = this.name();
      this.expect(':');
      args[key] = this.value();
    }
    this.next();
    return args;
  }

  value(): GqlValue {
    const token = this.next();
    if (token === '$') return { $var: this.name() };
    if (token === '[') {
      const list: GqlValue[] = [];
      while (this.peek() !== ']') list.push(this.value());
      this.next();
      return list;
    }
    if (token === '{') {
      const obj: Record<string, GqlValue> = {};
      while (this.peek() !== '}') {
        const key = this.name();
        this.expect(':');
        obj[key] = this.value();
      }
      this.next();
      return obj;
    }
    if (token.startsWith('"')) return JSON.parse(token) as string;
    if (token === 'true' || token === 'false') return token === 'true';
    if (token === 'null') return null;
    if (/^-?\d/.test(token)) return Number(token);
    return token; // enum value
  }

  selectionSet(): GqlSelection[] {
    this.expect('{');
    const selections: GqlSelection[] = [];
    while (this.peek() !== '}') {
      if (this.peek() === '...') {
        this.next();
        let typeCondition: string | null = null;
        if (this.peek() === 'on') {
          this.next();
          typeCondition = this.name();
        } else if (this.peek() !== '{') throw new GqlSyntaxError('named fragments are not supported; use inline fragments');
        selections.push({ kind: 'inline', typeCondition, selections: this.selectionSet() });
        continue;
      }
      let name = this.name();
      let alias: string | null = null;
      if (this.peek() === ':') {
        this.next();
        alias = name;
        name = this.name();
      }
      const args = this.peek() === '(' ? this.args() : {};
      const directives = this.directives();
      const selectionsOf = this.peek() === '{' ? this.selectionSet() : null;
      selections.push({ kind: 'field', alias, name, args, directives, selections: selectionsOf });
    }
    this.next();
    return selections;
  }
}

export function parseOperation(source: string): GqlOperation {
  return new Parser(tokenize(source)).operation();
}

/** Replaces `$var` references with the request's variables (undefined when not given). */
export function resolveValue(value: GqlValue, variables: Record<string, unknown>): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => resolveValue(v, variables));
  if ('$var' in value && typeof value.$var === 'string' && Object.keys(value).length === 1) return variables[value.$var];
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveValue(v as GqlValue, variables)]));
}

export function resolveArgs(args: Record<string, GqlValue>, variables: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).map(([k, v]) => [k, resolveValue(v, variables)]));
}

/** Projects a resolved value onto a selection set (aliases, nested args, inline fragments). */
export function project(value: unknown, selections: GqlSelection[] | null, variables: Record<string, unknown>): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((v) => project(v, selections, variables));
  if (!selections) return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const selection of selections) {
    if (selection.kind === 'inline') {
      if (selection.typeCondition === null || source.__typename === selection.typeCondition) {
        Object.assign(out, project(source, selection.selections, variables));
      }
      continue;
    }
    const raw = source[selection.name];
    const resolved = typeof raw === 'function' ? (raw as (args: Record<string, unknown>) => unknown)(resolveArgs(selection.args, variables)) : raw;
    out[selection.alias ?? selection.name] = selection.name === '__typename' ? source.__typename : project(resolved, selection.selections, variables);
  }
  return out;
}

/**
 * Shopify's static (requested) cost: scalars 0, objects 1, connections 2 + first × node cost,
 * lists sized by their array argument (nodes(ids:), quantities(names:)), mutations 10.
 */
export function requestedCost(operation: GqlOperation, variables: Record<string, unknown>): number {
  const selectionCost = (selections: GqlSelection[] | null): number =>
    (selections ?? []).reduce((sum, s) => sum + (s.kind === 'inline' ? selectionCost(s.selections) : fieldCost(s)), 0);
  const fieldCost = (field: GqlField): number => {
    if (!field.selections) return 0;
    const args = resolveArgs(field.args, variables);
    const first = Number(args.first ?? args.last ?? NaN);
    const arrayArg = Object.values(args).find(Array.isArray) as unknown[] | undefined;
    if (!Number.isNaN(first)) return 2 + first * selectionCost(field.selections);
    const size = arrayArg ? arrayArg.length : 1;
    return size * (1 + selectionCost(field.selections));
  };
  if (operation.type === 'mutation') return operation.selections.length * 10;
  return selectionCost(operation.selections);
}
