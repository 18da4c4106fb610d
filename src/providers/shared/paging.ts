/**
 * The page loop both report APIs share: follow `next_page` while `has_more`, guarding against a
 * provider that promises more without a cursor or hands back a cursor it already gave.
 */
import { ProviderBadResponseError } from "../errors.ts";
import type { AdminConnection, LedgerRecord, OfficialEndpoint, SyncWindow } from "../types.ts";
import { type AdminApi, getPage, type PageRequest } from "./admin-api.ts";

export interface Paged {
  has_more?: boolean | null | undefined;
  next_page?: string | null | undefined;
}

/** Every page of a report, following `next_page` while `has_more`. */
export async function* allPages<P extends Paged>(
  api: AdminApi,
  connection: AdminConnection,
  request: PageRequest<P>,
): AsyncGenerator<P> {
  const seen = new Set<string>();
  let cursor: string | null = null;
  do {
    const page: P = await getPage(api, connection, request, cursor);
    yield page;
    const more = page.has_more ?? Boolean(page.next_page);
    if (more && !page.next_page) {
      throw new ProviderBadResponseError(
        `${api.provider} said a page of ${request.path} has more data but sent no next_page cursor`,
        { provider: api.provider },
      );
    }
    cursor = more ? (page.next_page ?? null) : null;
    // A cursor that comes back would loop forever; stop with a clear error instead.
    if (cursor !== null && seen.has(cursor)) {
      throw new ProviderBadResponseError(
        `${api.provider} sent the same next_page cursor twice for ${request.path}`,
        { provider: api.provider },
      );
    }
    if (cursor !== null) seen.add(cursor);
  } while (cursor !== null);
}

/**
 * An endpoint that reads every page of a report and turns each bucket into ledger records. The
 * "cost" report carries the official dollars (see OfficialEndpoint.officialCost).
 */
export function reportEndpoint<B, P extends Paged & { data: B[] }>(
  name: string,
  api: AdminApi,
  request: (window: SyncWindow) => PageRequest<P>,
  records: (bucket: B) => LedgerRecord[],
): OfficialEndpoint {
  return {
    name,
    officialCost: name === "cost",
    async *fetch(connection, window) {
      for await (const page of allPages(api, connection, request(window))) {
        yield { records: page.data.flatMap(records), buckets: page.data.length };
      }
    },
  };
}
