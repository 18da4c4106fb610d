/**
 * The catalog's arithmetic for one record: the record's usage priced again now, with its
 * account's overrides, line by line. It says whether that still equals the stored cost (a
 * catalog or override change since would make it differ until prices are recomputed).
 */
import { useQuery } from "@tanstack/react-query";
import type { LineName, Quote } from "../../../../src/pricing/types.ts";
import { api } from "../../api/client.ts";
import type { UsageRecordWire } from "../../api/types.ts";
import { toNanos } from "../../ui/format.ts";
import { ErrorMessage, Loading } from "../../ui/states.tsx";
import { exactCount, exactUsd } from "./words.ts";

const LINE_WORDS: Record<LineName, string> = {
  input: "Input tokens",
  cache_read: "Cache reads",
  cache_write_5m: "Cache writes (5 min)",
  cache_write_1h: "Cache writes (1 hour)",
  output: "Output tokens",
  reasoning: "Reasoning tokens",
  citation: "Citation tokens",
  search_queries: "Search queries",
  request_fee: "Request fee",
  seats: "Seats",
  premium_requests: "Premium requests",
};

const PER_WORDS = { "1M tokens": "per 1M tokens", "1,000": "per 1,000", "1": "each" } as const;
const SEARCH_SIZES = new Set(["low", "medium", "high"]);

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** The quote request for a record: its usage as the pricer reads it (see services/pricing.ts). */
function quoteBody(record: UsageRecordWire) {
  const citations = record.metadata.citation_tokens;
  const size = text(record.metadata.search_context_size);
  return {
    provider: record.provider,
    model: record.model,
    at: record.timestamp,
    account_id: record.account_id,
    usage: {
      prompt_tokens: record.prompt_tokens,
      completion_tokens: record.completion_tokens,
      cache_read_tokens: record.cache_read_tokens,
      cache_write_5m_tokens: record.cache_write_5m_tokens,
      cache_write_1h_tokens: record.cache_write_1h_tokens,
      reasoning_tokens: record.reasoning_tokens,
      search_queries: record.search_queries,
      requests: record.requests,
      service_tier: record.service_tier,
      bucket: record.bucket,
      ...(typeof citations === "number" ? { citation_tokens: citations } : {}),
      ...(text(record.metadata.context_window) !== undefined
        ? { context_window: text(record.metadata.context_window) }
        : {}),
      ...(size !== undefined && SEARCH_SIZES.has(size) ? { search_context_size: size } : {}),
    },
  };
}

export function PriceBreakdown({ record }: { record: UsageRecordWire }) {
  const quote = useQuery({
    queryKey: ["usage-explorer", "quote", record.id, record.price_version, record.total_cost],
    queryFn: ({ signal }) =>
      api<Quote>("prices/quote", { method: "POST", body: quoteBody(record), signal }),
    staleTime: 60_000,
  });
  if (quote.isPending) return <Loading what="the price breakdown" />;
  if (quote.isError) return <ErrorMessage error={quote.error} action="price this record" />;
  const q = quote.data;
  const lines = Object.entries(q.breakdown.lines) as [
    LineName,
    NonNullable<Quote["breakdown"]["lines"][LineName]>,
  ][];
  const same =
    q.total_cost !== null &&
    record.total_cost !== null &&
    toNanos(q.total_cost) === toNanos(record.total_cost);
  return (
    <div className="usage-breakdown">
      <h3>Catalog arithmetic</h3>
      {lines.length > 0 && (
        <div className="table-wrap">
          <table aria-label="How the catalog prices this record">
            <thead>
              <tr>
                <th scope="col">Component</th>
                <th scope="col" className="num">
                  Quantity
                </th>
                <th scope="col" className="num">
                  Rate
                </th>
                <th scope="col" className="num">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {lines.map(([name, line]) => (
                <tr key={name}>
                  <td>
                    {LINE_WORDS[name]}
                    {line.adjustments.length > 0 && (
                      <span className="muted"> ({line.adjustments.join("; ")})</span>
                    )}
                  </td>
                  <td className="num">{exactCount(Number(line.quantity))}</td>
                  <td className="num">
                    {exactUsd(line.rate)} {PER_WORDS[line.per]}
                  </td>
                  <td className="num">{exactUsd(line.amount)}</td>
                </tr>
              ))}
            </tbody>
            {q.total_cost !== null && (
              <tfoot>
                <tr>
                  <th scope="row" colSpan={3}>
                    Total, rounded half-even to the nano-dollar
                  </th>
                  <td className="num">{exactUsd(q.total_cost)}</td>
                </tr>
              </tfoot>
            )}
          </table>
        </div>
      )}
      {q.breakdown.notes.length > 0 && (
        <ul className="usage-notes">
          {q.breakdown.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      {record.total_cost !== null && q.total_cost !== null && (
        <p className={same ? "muted" : "notice notice-warn"}>
          {same
            ? `Priced again now with price version ${q.price_version}: the same amount as stored.`
            : `Priced again now (price version ${q.price_version}) this comes to a different amount than the stored one: the catalog or your overrides changed since. Recompute prices to bring the record up to date.`}
        </p>
      )}
    </div>
  );
}
