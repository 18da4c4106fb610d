import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ApiError } from "../../api/client.ts";
import { Field } from "../../ui/Field.tsx";
import { formatCount } from "../../ui/format.ts";
import { Money } from "../../ui/Money.tsx";
import { ErrorMessage } from "../../ui/states.tsx";
import { type AccountView, fetchQuote, type Quote } from "./api.ts";
import { PROVIDER_IDS, providerName, todayUtc, usd } from "./format.ts";

const COUNTS = [
  { key: "prompt_tokens", label: "Input tokens", hint: "All input, cached or not" },
  { key: "completion_tokens", label: "Output tokens", hint: "Including reasoning" },
  { key: "cache_read_tokens", label: "Cache read tokens", hint: "Part of input" },
  { key: "cache_write_5m_tokens", label: "Cache write 5 min tokens", hint: "Part of input" },
  { key: "cache_write_1h_tokens", label: "Cache write 1 h tokens", hint: "Part of input" },
  { key: "search_queries", label: "Web searches", hint: undefined },
] as const;
type CountKey = (typeof COUNTS)[number]["key"];

const LINE_LABELS: Record<string, string> = {
  input: "Input",
  cache_read: "Cache read",
  cache_write_5m: "Cache write 5 min",
  cache_write_1h: "Cache write 1 h",
  output: "Output",
  reasoning: "Reasoning",
  citation: "Citation",
  search_queries: "Web searches",
  request_fee: "Request fee",
  seats: "Seats",
  premium_requests: "Premium requests",
};

/** A whole number as a number; anything else as typed, so the server names the problem. */
function count(text: string): number | string {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : text;
}

const SHOWN_FIELDS = new Set<string>([
  "provider",
  "model",
  "at",
  "service_tier",
  ...COUNTS.map((c) => c.key),
]);

/** True when every problem is shown beside its field already. */
function onlyFieldErrors(error: ApiError | null): boolean {
  return (
    error !== null &&
    error.details.length > 0 &&
    error.details.every((d) => d.field !== undefined && SHOWN_FIELDS.has(d.field))
  );
}

/** Prices a usage exactly, as a record of it would be priced: total, breakdown, notes. */
export function QuoteSection({ accounts }: { accounts: AccountView[] | undefined }) {
  const [provider, setProvider] = useState<string>("openai");
  const [model, setModel] = useState("");
  const [at, setAt] = useState(todayUtc);
  const [accountId, setAccountId] = useState("");
  const [tier, setTier] = useState("");
  const [counts, setCounts] = useState<Record<CountKey, string>>({
    prompt_tokens: "",
    completion_tokens: "",
    cache_read_tokens: "",
    cache_write_5m_tokens: "",
    cache_write_1h_tokens: "",
    search_queries: "",
  });
  const quote = useMutation({
    mutationFn: () => {
      const usage: Record<string, number | string> = {};
      for (const { key } of COUNTS) if (counts[key].trim() !== "") usage[key] = count(counts[key]);
      if (tier) usage.service_tier = tier;
      return fetchQuote({
        provider,
        model: model.trim(),
        ...(at ? { at } : {}),
        ...(accountId ? { account_id: accountId } : {}),
        usage,
      });
    },
  });
  const error = quote.error instanceof ApiError ? quote.error : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    quote.mutate();
  };
  const providerAccounts = (accounts ?? []).filter((a) => a.provider === provider);

  return (
    <section className="panel" aria-labelledby="quote-title" id="quote">
      <h2 id="quote-title" tabIndex={-1}>
        Quote a usage
      </h2>
      <p className="muted section-intro">
        The exact cost of a usage on a day, priced the way TokenLedger prices a record.
      </p>
      <form className="stack" onSubmit={submit} aria-label="Quote a usage">
        <div className="form-grid">
          <Field label="Provider" error={error?.fieldMessage("provider")}>
            {(props) => (
              <select
                {...props}
                value={provider}
                onChange={(e) => {
                  setProvider(e.target.value);
                  setAccountId("");
                }}
              >
                {PROVIDER_IDS.map((id) => (
                  <option key={id} value={id}>
                    {providerName(id)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Model" error={error?.fieldMessage("model")}>
            {(props) => (
              <input
                {...props}
                required
                value={model}
                placeholder="e.g. gpt-4o"
                autoComplete="off"
                spellCheck={false}
                onChange={(e) => setModel(e.target.value)}
              />
            )}
          </Field>
          <Field label="Day" error={error?.fieldMessage("at")} hint="Prices in effect that UTC day">
            {(props) => (
              <input {...props} type="date" value={at} onChange={(e) => setAt(e.target.value)} />
            )}
          </Field>
          <Field
            label="Account (optional)"
            error={error?.status === 404 ? error.message : undefined}
            hint="Applies its overrides"
          >
            {(props) => (
              <select {...props} value={accountId} onChange={(e) => setAccountId(e.target.value)}>
                <option value="">List price (no account)</option>
                {providerAccounts.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {COUNTS.map((c) => (
            <Field key={c.key} label={c.label} hint={c.hint} error={error?.fieldMessage(c.key)}>
              {(props) => (
                <input
                  {...props}
                  inputMode="numeric"
                  placeholder="0"
                  value={counts[c.key]}
                  onChange={(e) => setCounts((all) => ({ ...all, [c.key]: e.target.value }))}
                  autoComplete="off"
                />
              )}
            </Field>
          ))}
          <Field label="Service tier" error={error?.fieldMessage("service_tier")}>
            {(props) => (
              <select {...props} value={tier} onChange={(e) => setTier(e.target.value)}>
                <option value="">Standard</option>
                <option value="batch">Batch</option>
                <option value="priority">Priority</option>
              </select>
            )}
          </Field>
        </div>
        <div className="row">
          <button type="submit" className="primary" disabled={quote.isPending}>
            {quote.isPending ? "Pricing…" : "Quote"}
          </button>
        </div>
      </form>
      {quote.isError && error?.status !== 404 && !onlyFieldErrors(error) && (
        <ErrorMessage error={quote.error} action="price the usage" />
      )}
      {quote.data && <QuoteView quote={quote.data} />}
    </section>
  );
}

function QuoteView({ quote }: { quote: Quote }) {
  const { breakdown } = quote;
  const lines = Object.entries(breakdown.lines);
  return (
    <section className="quote-result" aria-label="Quote">
      {quote.unpriced ? (
        <p className="notice notice-warn">
          <strong>Unpriced:</strong> no price is known for this model on that day, so a record of it
          would be unpriced (never $0).
        </p>
      ) : (
        <p className="quote-total">
          <span className="muted">Cost</span>{" "}
          <strong>
            <Money amount={quote.total_cost} />
          </strong>{" "}
          <span className="muted">exactly {quote.total_cost} USD</span>
          {quote.price_version && (
            <span className="muted">
              {" "}
              · priced with <code>{quote.price_version}</code>
            </span>
          )}
        </p>
      )}
      {lines.length > 0 && (
        <>
          <p className="table-note" id="quote-note">
            Every amount is exact; the total is rounded once, half to even, to the nano-dollar.
          </p>
          <div className="table-wrap">
            <table aria-describedby="quote-note">
              <thead>
                <tr>
                  <th scope="col">Price class</th>
                  <th scope="col" className="num">
                    Quantity
                  </th>
                  <th scope="col" className="num">
                    Rate
                  </th>
                  <th scope="col" className="num">
                    Amount (USD)
                  </th>
                  <th scope="col">Adjustments</th>
                </tr>
              </thead>
              <tbody>
                {lines.map(([name, line]) => (
                  <tr key={name}>
                    <td>{LINE_LABELS[name] ?? name}</td>
                    <td className="num">
                      {/^\d+$/.test(line.quantity)
                        ? formatCount(BigInt(line.quantity))
                        : line.quantity}
                    </td>
                    <td className="num">
                      {usd(line.rate)} per {line.per}
                    </td>
                    <td className="num price">{usd(line.amount)}</td>
                    <td>{line.adjustments.join(", ")}</td>
                  </tr>
                ))}
                {breakdown.discount && (
                  <tr>
                    <td>Discount {breakdown.discount.percent}%</td>
                    <td />
                    <td />
                    <td className="num price">{usd(breakdown.discount.amount)}</td>
                    <td>
                      override <code>{breakdown.discount.override_id}</code>
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          </div>
        </>
      )}
      {breakdown.notes.length > 0 && (
        <ul className="quote-notes muted small-text">
          {breakdown.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
