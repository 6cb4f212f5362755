// Allocation rules stored server-side (table allocation_rule). A rule's id says what it covers:
// `all`, `channel:<channel>` or `listing:<listing id>`. A field left out (null) inherits from the
// wider rule (allocation.ts). A rule change is new data: it bumps the data version, so the
// stock sheet's cached answer (the server keeps answers per data version) is recomputed.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { NotFoundError, PreconditionFailedError, UsageError } from '../errors';
import { bumpDataVersion, type DataChange } from '../warehouse/dataVersion';
import type { SqlConnection, Warehouse } from '../warehouse/types';
import type { AllocationRule } from './allocation';
import { WRITER_CHANNEL_IDS as CHANNELS } from '../channels';

const RULE_CHANGES: readonly DataChange[] = [{ table: 'allocation_rule' }];

export interface StoredRule extends AllocationRule {
  note: string | null;
  updated_by: string | null;
  updated_at: string;
  /** The rule as stored, for conditional writes: send it as If-Match to change only this version. */
  etag: string;
}

/** What a write expects to find (HTTP If-Match / If-None-Match): a rule as it was read, or none. */
export interface RulePrecondition {
  ifMatch?: string;
  ifNoneMatch?: string;
}

type RuleRow = Omit<StoredRule, 'etag'>;

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

const SELECT_RULES = `select rule_id, rule_scope, channel, listing_id, reserve_units, available_pct, max_units, floor_units, note, updated_by, updated_at
     from allocation_rule`;

/** A strong ETag of a rule's stored values and who changed it when. */
export function ruleEtag(rule: RuleRow): string {
  const values = [rule.rule_id, rule.reserve_units, rule.available_pct, rule.max_units, rule.floor_units, rule.note, rule.updated_by, String(rule.updated_at)];
  return `"${createHash('sha256').update(JSON.stringify(values)).digest('hex').slice(0, 20)}"`;
}

function withEtag(row: RuleRow): StoredRule {
  return { ...row, etag: ruleEtag(row) };
}

export async function listRules(warehouse: Warehouse): Promise<StoredRule[]> {
  const rows = await warehouse.all<RuleRow & Record<string, unknown>>(
    `${SELECT_RULES} order by case rule_scope when 'all' then 0 when 'channel' then 1 else 2 end, rule_id`,
  );
  return rows.map(withEtag);
}

/**
 * Refuses a write whose precondition the stored rule no longer meets, inside the write's
 * transaction (so two managers saving at once cannot both win): If-None-Match: * creates only,
 * If-Match: <etag> changes only the version that was read.
 */
async function checkPrecondition(conn: SqlConnection, ruleId: string, precondition: RulePrecondition): Promise<void> {
  if (precondition.ifMatch === undefined && precondition.ifNoneMatch === undefined) return;
  const [row] = await conn.all<RuleRow & Record<string, unknown>>(`${SELECT_RULES} where rule_id = $1`, [ruleId]);
  const stored = row ? withEtag(row) : null;
  const changed = () =>
    stored
      ? `rule ${ruleId} was changed by ${stored.updated_by ?? 'someone'} at ${new Date(stored.updated_at).toISOString()} since you read it; read it again`
      : `rule ${ruleId} was deleted since you read it; read the rules again`;
  if (precondition.ifNoneMatch !== undefined) {
    if (precondition.ifNoneMatch.trim() !== '*') throw new UsageError('If-None-Match on a rule takes only "*" (create, never overwrite)', 'CD_PRECONDITION_INVALID');
    if (stored) throw new PreconditionFailedError(`rule ${ruleId} already exists (set by ${stored.updated_by ?? 'someone'} at ${new Date(stored.updated_at).toISOString()}); read the rules again`, 'CD_RULE_CHANGED');
  }
  if (precondition.ifMatch !== undefined) {
    const wanted = precondition.ifMatch.split(',').map((tag) => tag.trim());
    if (!stored || !(wanted.includes('*') || wanted.includes(stored.etag))) throw new PreconditionFailedError(changed(), 'CD_RULE_CHANGED');
  }
}

export async function putRule(warehouse: Warehouse, ruleId: string, body: unknown, who: string, now: Date, precondition: RulePrecondition = {}): Promise<StoredRule> {
  const scope = scopeOf(ruleId);
  const parsed = RuleBody.safeParse(body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`rule ${ruleId}: ${issue.path.join('.') || 'body'}: ${issue.message}`, 'CD_RULE_INVALID');
  }
  const rule = parsed.data;
  await warehouse.transaction(async (conn) => {
    await checkPrecondition(conn, ruleId, precondition);
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

export async function deleteRule(warehouse: Warehouse, ruleId: string, precondition: RulePrecondition = {}): Promise<void> {
  await warehouse.transaction(async (conn) => {
    const [found] = await conn.all('select rule_id from allocation_rule where rule_id = $1', [ruleId]);
    if (!found) throw new NotFoundError(`no allocation rule ${ruleId}`, 'CD_RULE_NOT_FOUND');
    await checkPrecondition(conn, ruleId, precondition);
    await conn.run('delete from allocation_rule where rule_id = $1', [ruleId]);
    await bumpDataVersion(conn, RULE_CHANGES);
  });
}
