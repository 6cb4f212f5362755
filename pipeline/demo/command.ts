// The terminal side of `crossdock demo`: progress bar on a TTY, then a short summary.
import { SingleBar } from 'cli-progress';
import { say } from '../log';
import { demoIngestPlan, DemoOptions, DemoStats, writeDemoData } from './index';

export async function runDemoCommand(opts: DemoOptions): Promise<DemoStats> {
  const bar = process.stderr.isTTY ? new SingleBar({ format: 'demo data [{bar}] {value}/{total} days', stream: process.stderr, hideCursor: true }) : null;
  let started = false;
  const t0 = process.hrtime.bigint();
  const { files, stats } = await writeDemoData({
    ...opts,
    onProgress: (done, total) => {
      if (!bar) return;
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
  });
  bar?.stop();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  for (const line of summarize(opts.outDir, files.length, stats, seconds)) say(line);
  return stats;
}

const n = (x: number): string => x.toLocaleString('en-US');

export function summarize(outDir: string, fileCount: number, s: DemoStats, seconds: number): string[] {
  const streams = Object.entries(s.linesByStream)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k} ${n(v)}`)
    .join(', ');
  const lines = [
    `Demo data written to ${outDir} in ${seconds.toFixed(1)} s (seed ${s.seed}, scale ${s.scale})`,
    `  files        ${n(fileCount)} (${(s.bytes / 1e6).toFixed(1)} MB)`,
    `  date range   ${s.firstDate} … ${s.lastDate}`,
    `  SKUs         ${n(s.skus)} (${s.deadSkus.length} dead stock, ${s.slowSkus.length} slow movers), ${n(s.listings)} listings`,
    `  order lines  ${n(s.orderLines)} in ${n(s.orders)} orders, ${n(s.units)} units, ${n(s.cancelledLines)} cancelled lines`,
    `               ${streams}`,
    `  returns      ${n(s.returnLines)} lines`,
    `  inventory    ${n(s.inventoryRows)} daily rows; ${n(s.stockoutEvents)} stock-outs (${n(s.stockoutDays)} SKU-location-days)`,
  ];
  if (s.oversell) {
    const o = s.oversell;
    lines.push(`  oversell     ${o.sku} on ${o.channel} ${o.marketplace}: ${o.orderLines} lines (${o.units} units) accepted ${o.firstDay} … ${o.lastDay} while ${o.location} had 0 available`);
  }
  for (const m of s.misrouted) lines.push(`  misrouted    ${n(m.units)} units of ${m.sku} meant for FBA-US landed at 3PL-US on ${m.day} (see the transfers dataset)`);
  lines.push('Load it with:');
  for (const step of demoIngestPlan(outDir)) lines.push(`  crossdock ingest${step.marketplace ? ` --marketplace ${step.marketplace}` : ''} ${step.paths.join(' ')}`);
  return lines;
}
