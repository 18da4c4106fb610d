/**
 * Table types as Kysely sees them. Integers arrive as `bigint` from both drivers (see
 * database.ts), so counts are typed `bigint | number` and read through core/money helpers.
 */

type Int = bigint | number | string;

export interface AccountsTable {
  id: string;
  provider: string;
  name: string;
  /** Overrides the provider's API base URL for this account. */
  base_url: string | null;
  /** Cron expression for scheduled syncs; null means the default (hourly). */
  sync_schedule: string | null;
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

export interface PriceOverridesTable {
  id: string;
  account_id: string;
  kind: string;
  model: string | null;
  service_tier: string | null;
  percent: string | null;
  /** JSON object of decimal strings (USD per million tokens). */
  prices: string | null;
  effective_from: string;
  effective_to: string | null;
  note: string | null;
  created_at: string;
}

export interface AccountCredentialsTable {
  account_id: string;
  admin_key_sealed: string;
  admin_key_hint: string;
  updated_at: string;
}

export interface SyncStatusTable {
  account_id: string;
  last_run_at: string | null;
  last_success_at: string | null;
  last_error_class: string | null;
  last_error_message: string | null;
  next_run_at: string | null;
  paused_reason: string | null;
  updated_at: string;
}

export interface SyncRunsTable {
  id: string;
  account_id: string;
  trigger: string;
  window_start: string;
  window_end: string;
  started_at: string;
  finished_at: string | null;
  outcome: string;
  records: Int;
  inserted: Int;
  updated: Int;
  unchanged: Int;
  error_class: string | null;
  error_message: string | null;
}

export interface SyncCheckpointsTable {
  account_id: string;
  endpoint: string;
  window_start: string;
  window_end: string;
  done_until: string;
  updated_at: string;
}

export interface LeasesTable {
  name: string;
  holder: string;
  expires_at: string;
}

export interface ApiKeysTable {
  id: string;
  name: string;
  /** Comma-separated scopes, e.g. "ingest". */
  scopes: string;
  key_hash: string;
  key_hint: string;
  created_at: string;
  revoked_at: string | null;
}

export interface ProviderKeyAccountsTable {
  provider: string;
  fingerprint: string;
  account_id: string;
  key_suffix: string;
  created_at: string;
}

export interface OfficialCoverageTable {
  account_id: string;
  date: string;
  updated_at: string;
}

export interface ReconciliationsTable {
  id: string;
  account_id: string;
  period: string;
  api_key_suffix: string | null;
  amount_nanos: Int;
  estimated_nanos: Int;
  note: string | null;
  /** "current" or "undone"; "stale" is computed when read. */
  status: string;
  created_at: string;
  undone_at: string | null;
}

export interface RecurringEntriesTable {
  id: string;
  account_id: string;
  label: string;
  seats: Int;
  unit_price: string;
  model: string | null;
  start_month: string;
  end_month: string | null;
  note: string | null;
  created_at: string;
  updated_at: string;
}

export interface ManualEntryAuditTable {
  id: string;
  account_id: string;
  idempotency_key: string;
  action: string;
  before: string | null;
  after: string | null;
  at: string;
}

export interface CreditPurchasesTable {
  id: string;
  account_id: string;
  date: string;
  amount_nanos: Int;
  kind: string;
  note: string | null;
  created_at: string;
}

export interface Database {
  accounts: AccountsTable;
  usage_records: UsageRecordsTable;
  settings: SettingsTable;
  price_overrides: PriceOverridesTable;
  account_credentials: AccountCredentialsTable;
  sync_status: SyncStatusTable;
  sync_runs: SyncRunsTable;
  sync_checkpoints: SyncCheckpointsTable;
  leases: LeasesTable;
  api_keys: ApiKeysTable;
  provider_key_accounts: ProviderKeyAccountsTable;
  official_coverage: OfficialCoverageTable;
  reconciliations: ReconciliationsTable;
  recurring_entries: RecurringEntriesTable;
  manual_entry_audit: ManualEntryAuditTable;
  credit_purchases: CreditPurchasesTable;
}
