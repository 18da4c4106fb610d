import type { ReactNode } from "react";
import type { ListedPrice } from "./api.ts";
import { usd } from "./format.ts";

export type TokenClass =
  | "input"
  | "output"
  | "cache_read"
  | "cache_write_5m"
  | "cache_write_1h"
  | "reasoning"
  | "citation";

export const TOKEN_CLASSES: readonly { key: TokenClass; label: string }[] = [
  { key: "input", label: "Input" },
  { key: "output", label: "Output" },
  { key: "cache_read", label: "Cache read" },
  { key: "cache_write_5m", label: "Cache write 5 min" },
  { key: "cache_write_1h", label: "Cache write 1 h" },
  { key: "reasoning", label: "Reasoning" },
  { key: "citation", label: "Citation" },
];

/** What a class without a price of its own costs, in words (docs/pricing.md, "Rules"). */
function missingPrice(key: TokenClass): { text: string; title: string } {
  if (key === "cache_read" || key === "cache_write_5m" || key === "cache_write_1h")
    return { text: "at input", title: "No price of its own: billed at the input price" };
  if (key === "reasoning")
    return { text: "in output", title: "Part of output tokens, billed at the output price" };
  return { text: "—", title: "Not billed for this model" };
}

/** One token class of an entry: its exact price per million tokens, or what applies instead. */
export function TokenPriceCell({
  entry,
  tokenClass,
}: {
  entry: ListedPrice;
  tokenClass: TokenClass;
}) {
  const price = entry.prices?.[tokenClass];
  if (price !== undefined) return <td className="num price">{usd(price)}</td>;
  if (!entry.prices)
    return (
      <td className="num muted" title="This plan has no token prices">
        —
      </td>
    );
  const missing = missingPrice(tokenClass);
  return (
    <td className="num muted small-text" title={missing.title}>
      {missing.text}
    </td>
  );
}

const LONG_CONTEXT_LABELS: Record<string, string> = {
  input: "input",
  output: "output",
  cache_read: "cache read",
  cache_write_5m: "cache write 5 min",
  cache_write_1h: "cache write 1 h",
  reasoning: "reasoning",
  citation: "citation",
};

/** Prices beyond the token classes: batch, long context, searches, request fees, seats. */
export function OtherPrices({ entry }: { entry: ListedPrice }) {
  const unconfirmed = new Set<string>(entry.unconfirmed ?? []);
  const flag = (field: string) =>
    unconfirmed.has(field) ? (
      <span className="badge badge-neutral" title="Published only by third parties">
        unconfirmed
      </span>
    ) : null;
  const items: { key: string; content: ReactNode }[] = [];
  if (entry.batch_discount_percent !== undefined)
    items.push({
      key: "batch",
      content: (
        <>
          Batch: {entry.batch_discount_percent}% off {flag("batch_discount_percent")}
        </>
      ),
    });
  if (entry.long_context) {
    const lc = entry.long_context;
    items.push({
      key: "long",
      content: (
        <>
          Above {lc.above_input_tokens.toLocaleString("en-US")} input tokens:{" "}
          {Object.entries(lc.prices)
            .filter((pair): pair is [string, string] => pair[1] !== undefined)
            .map(([k, v]) => `${LONG_CONTEXT_LABELS[k] ?? k} ${usd(v)}`)
            .join(" · ")}{" "}
          /MTok
        </>
      ),
    });
  }
  if (entry.search_queries_per_1k !== undefined)
    items.push({
      key: "search",
      content: <>Web search: {usd(entry.search_queries_per_1k)} per 1,000</>,
    });
  if (entry.request_fee_per_1k) {
    const fee = entry.request_fee_per_1k;
    items.push({
      key: "request",
      content: (
        <>
          Per 1,000 requests: low {usd(fee.low)} · medium {usd(fee.medium)} · high {usd(fee.high)}
        </>
      ),
    });
  }
  if (entry.seat_per_month !== undefined)
    items.push({
      key: "seat",
      content: (
        <>
          Seat: {usd(entry.seat_per_month)} per month
          {entry.included_premium_requests !== undefined &&
            `, ${entry.included_premium_requests.toLocaleString("en-US")} premium requests included`}
        </>
      ),
    });
  if (entry.premium_request !== undefined)
    items.push({
      key: "premium",
      content: <>Premium request: {usd(entry.premium_request)} each</>,
    });
  if (items.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="other-prices">
      {items.map((item) => (
        <li key={item.key}>{item.content}</li>
      ))}
    </ul>
  );
}
