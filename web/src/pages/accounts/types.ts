/** Wire types of the accounts API, as types from the server's own modules (erased at build). */
export type { AccountView } from "../../../../src/services/accounts.ts";
export type { Summary } from "../../../../src/services/reports.ts";
export type { SyncRunProgress, SyncRunView } from "../../../../src/services/sync/runs.ts";
export type { SyncErrorClass, SyncSummary } from "../../../../src/services/sync/sync-account.ts";
