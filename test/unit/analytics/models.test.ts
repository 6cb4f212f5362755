import { modelBuildOrder, type SqlModel } from '../../../pipeline/analytics/models';
import { ConfigError } from '../../../pipeline/errors';

const model = (name: string, refs: string[]): SqlModel => ({ name, path: `${name}.sql`, materialized: 'table', clusterBy: [], incremental: false, sql: '', refs });

describe('SQL model build order', () => {
  it('builds every model after the models it refs and treats canonical tables as leaves', () => {
    const order = modelBuildOrder([model('c', ['b', 'order_line']), model('a', ['sku']), model('b', ['a'])]).map((m) => m.name);
    expect(order).toEqual(['a', 'b', 'c']);
  });

  it('refuses models that ref each other in a cycle, naming the cycle', () => {
    expect(() => modelBuildOrder([model('a', ['b']), model('b', ['a'])])).toThrow(ConfigError);
    expect(() => modelBuildOrder([model('a', ['b']), model('b', ['a'])])).toThrow('a → b → a');
  });
});
