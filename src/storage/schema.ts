/**
 * Table types as Kysely sees them. Integers arrive as `bigint` from both drivers (see
 * database.ts), so counts are typed `bigint | number` and read through core/money helpers.
 */

type Int = bigint | number | string;

export interface AccountsTable {
  id: string;
  provider: string;
  name: string;
  created_at: string;
  updated_at: string;
}

export interface UsageRecordsTable {
  id: string;
  account_id: string;
  provider: string;
  timestamp: string;
  date: string;
  month: string;
  bucket: string;
  model: string | null;
  prompt_tokens: Int;
  completion_tokens: Int;
  total_tokens: Int;
  cache_read_tokens: Int;
  cache_write_5m_tokens: Int;
  cache_write_1h_tokens: Int;
  reasoning_tokens: Int;
  requests: Int;
  search_queries: Int;
  service_tier: string | null;
  /** Integer nano-dollars; null when the record is unpriced. */
  cost_nanos: Int | null;
  currency: string;
  cost_source: string | null;
  /** 1 when no price was found; never read as $0. */
  unpriced: Int;
  price_version: string | null;
  request_type: string;
  confidence: string;
  source: string;
  workspace_id: string | null;
  api_key_suffix: string | null;
  project: string | null;
  /** JSON object as text (identical on both dialects). */
  metadata: string;
  idempotency_key: string;
  /** Hash of the stored content; an upsert whose hash is unchanged writes nothing. */
  content_hash: string;
  /** 1 when first written, +1 on every change. */
  version: Int;
  created_at: string;
  updated_at: string;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface Database {
  accounts: AccountsTable;
  usage_records: UsageRecordsTable;
  settings: SettingsTable;
}
