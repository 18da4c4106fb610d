/**
 * What differs between the two databases, in one place. Code asks for a capability instead
 * of checking which database it is on.
 */
export interface DialectCapabilities {
  readonly name: "sqlite" | "postgres";
  /** Bound parameters one statement may carry (SQLite's default limit is 32,766; PostgreSQL's 65,535). */
  readonly maxParameters: number;
}

export const SQLITE: DialectCapabilities = { name: "sqlite", maxParameters: 32_766 };
export const POSTGRES: DialectCapabilities = { name: "postgres", maxParameters: 65_535 };
