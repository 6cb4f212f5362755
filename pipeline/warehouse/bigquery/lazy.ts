// The BigQuery engine pulls in @google-cloud/bigquery (slow to load); DuckDB-only servers and
// runs never need it, so it is loaded on first use. `require`, not `await import()`: the CLI runs
// under tsx's CommonJS hook, where a dynamic import of a .ts path does not resolve.
export function loadBigQueryEngine(): typeof import('./engine') {
  return require('./engine') as typeof import('./engine');
}
