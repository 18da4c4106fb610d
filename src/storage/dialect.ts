/**
 * What differs between the two databases, in one place. Code asks for a capability instead
 * of checking which database it is on.
 */
export interface DialectCapabilities {
  readonly name: "sqlite" | "postgres";
  /** Bound parameters one statement may carry (SQLite's default limit is 32,766; PostgreSQL's 65,535). */
  readonly maxParameters: number;
  /**
   * The driver binds a JavaScript array as one array parameter (PostgreSQL), so a batch of rows
   * can be one statement with one parameter per column (`unnest`) instead of one per value.
   */
  readonly arrayParameters: boolean;
  /**
   * Synchronous prepared statements on an in-process connection (SQLite through better-sqlite3).
   * There, a cached single-row statement run once per row beats one wide statement: nothing
   * crosses a network, and preparing a 30,000-parameter statement costs more than running it.
   */
  readonly syncStatements?: SyncStatements;
}

/** A value SQLite binds: what the usage rows hold. */
export type SqlValue = string | number | bigint | null;

export interface SyncStatement {
  /** Runs a statement that writes; the number of rows it changed. */
  run(parameters: readonly SqlValue[]): number;
  /** Runs a query; the first column of its first row, or undefined when it returns none. */
  value(parameters: readonly SqlValue[]): unknown;
}

export interface SyncStatements {
  /**
   * Runs `work` synchronously in one write transaction (BEGIN IMMEDIATE), all or nothing. It
   * waits for the connection like any Kysely query, so it never runs inside another caller's
   * transaction. `prepare` returns a statement cached for the life of the connection.
   */
  transaction<T>(work: (prepare: (sql: string) => SyncStatement) => T): Promise<T>;
}

export const SQLITE: DialectCapabilities = {
  name: "sqlite",
  maxParameters: 32_766,
  arrayParameters: false,
};
export const POSTGRES: DialectCapabilities = {
  name: "postgres",
  maxParameters: 65_535,
  arrayParameters: true,
};
