// Column lists for dataset modules, written as { name: type } in output order.
import type { Column, ColumnType } from '../warehouse/values';

export function columns(spec: Record<string, ColumnType>): Column[] {
  return Object.entries(spec).map(([name, type]) => ({ name, type }));
}
