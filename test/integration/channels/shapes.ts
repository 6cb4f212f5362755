// Compares a JSON answer with a real example: every field we send must exist in the example with
// the same JSON type (objects recursively, arrays by their elements). Extra example fields are fine.

export function shapeMismatches(actual: unknown, example: unknown, path = '$'): string[] {
  const type = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  if (type(actual) !== type(example)) return [`${path}: ${type(actual)} where the example has ${type(example)}`];
  if (Array.isArray(actual)) {
    const items = example as unknown[];
    // The example's elements together: each may show optional fields the others leave out.
    const sample = items.length > 0 && items.every((i) => i !== null && typeof i === 'object' && !Array.isArray(i)) ? Object.assign({}, ...items) : items[0];
    if (sample === undefined) return [];
    return actual.flatMap((item, i) => shapeMismatches(item, sample, `${path}[${i}]`));
  }
  if (type(actual) === 'object') {
    const exampleObject = example as Record<string, unknown>;
    return Object.entries(actual as Record<string, unknown>).flatMap(([key, value]) =>
      key in exampleObject ? shapeMismatches(value, exampleObject[key], `${path}.${key}`) : [`${path}.${key}: not in the example`],
    );
  }
  return [];
}
