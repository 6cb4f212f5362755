// Allocation rules stored server-side (table allocation_rule). A rule's id says what it covers:
// `all`, `channel:<channel>` or `listing:<listing id>`. A field left out (null) inherits from the
// wider rule (allocation.ts). A rule change is new data: it bumps the data version, so the
// stock sheet's cached answer (the server keeps answers per data version) is recomputed.
import { z } from 'zod';
import { NotFoundError, UsageError } from '../errors';
import { bumpDataVersion, type DataChange } from '../warehouse/dataVersion';
import type { Warehouse } from '../warehouse/types';
import type { AllocationRule } from './allocation';
import { WRITER_CHANNEL_IDS as CHANNELS } from '../channels';

const RULE_CHANGES: readonly DataChange[] = [{ table: 'allocation_rule' }];

export interface StoredRule extends AllocationRule {
  note: string | null;
  updated_by: string | null;
  updated_at: string;
}

const units = z.number().int().min(0).max(1_000_000_000).nullable().optional();
const RuleBody = z
  .object({
    reserve_units: units,
    available_pct: z.number().min(0).max(100).nullable().optional(),
    max_units: units,
    floor_units: units,
    note: z.string().max(500).nullable().optional(),
  })
  .strict();

/** The scope a rule id names, or a UsageError saying how to write one. */
export function scopeOf(ruleId: string): Pick<AllocationRule, 'rule_scope' | 'channel' | 'listing_id'> {
  if (ruleId === 'all') return { rule_scope: 'all', channel: null, listing_id: null };
  const [kind, ...rest] = ruleId.split(':');
  const target = rest.join(':');
  if (kind === 'channel' && (CHANNELS as readonly string[]).includes(target)) return { rule_scope: 'channel', channel: target, listing_id: null };
  if (kind === 'listing' && target !== '') return { rule_scope: 'listing', channel: null, listing_id: target };
  throw new UsageError(`rule id "${ruleId}" must be "all", "channel:<${CHANNELS.join('|')}>" or "listing:<listing>"`, 'CD_RULE_ID_INVALID');
}

export async function listRules(warehouse: Warehouse): Promise<StoredRule[]> {
  return warehouse.all<StoredRule & Record<string, unknown>>(
    `select rule_id, rule_scope, channel, listing_id, reserve_units, available_pct, max_units, floor_units, note, updated_by, updated_at
     from allocation_rule order by case rule_scope when 'all' then 0 when 'channel' then 1 else 2 end, rule_id`,
  );
}

export async function putRule(warehouse: Warehouse, ruleId: string, body: unknown, who: string, now: Date): Promise<StoredRule> {
  const scope = scopeOf(ruleId);
  const parsed = RuleBody.safeParse(body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`rule ${ruleId}: ${issue.path.join('.') || 'body'}: ${issue.message}`, 'CD_RULE_INVALID');
  }
  const rule = parsed.data;
  await warehouse.transaction(async (conn) => {
    await conn.run(
      `insert or replace into allocation_rule (rule_id, rule_scope, channel, listing_id, reserve_units, available_pct, max_units, floor_units, note, updated_by, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::timestamp)`,
      [ruleId, scope.rule_scope, scope.channel, scope.listing_id, rule.reserve_units ?? null, rule.available_pct ?? null, rule.max_units ?? null, rule.floor_units ?? null, rule.note ?? null, who, now.toISOString()],
    );
    await bumpDataVersion(conn, RULE_CHANGES);
  });
  const [stored] = (await listRules(warehouse)).filter((r) => r.rule_id === ruleId);
  return stored;
}

export async function deleteRule(warehouse: Warehouse, ruleId: string): Promise<void> {
  const [found] = await warehouse.all('select rule_id from allocation_rule where rule_id = $1', [ruleId]);
  if (!found) throw new NotFoundError(`no allocation rule ${ruleId}`, 'CD_RULE_NOT_FOUND');
  await warehouse.transaction(async (conn) => {
    await conn.run('delete from allocation_rule where rule_id = $1', [ruleId]);
    await bumpDataVersion(conn, RULE_CHANGES);
  });
}
