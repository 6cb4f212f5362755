// Every report file format `crossdock ingest` knows: the reports of every channel in the list
// (pipeline/channels/index.ts), tried in that order. A report module lives with its channel
// (pipeline/channels/<channel>/files/<report>.ts) and is listed in its channel's index.ts.
import { CHANNELS } from '../channels';
import type { ReportSpec } from '../channels/contract/reports';

export const REPORTS: readonly ReportSpec[] = CHANNELS.flatMap((channel) => channel.reports ?? []);

export function reportByKind(kind: string): ReportSpec | undefined {
  return REPORTS.find((spec) => spec.kind === kind);
}
