import { TokenLedgerError } from "../core/errors.ts";

/** The price catalog is malformed: the service cannot price anything until it is fixed. */
export class CatalogError extends TokenLedgerError {
  readonly code = "catalog_error";
  readonly status = 500;
}
