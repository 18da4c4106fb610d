import { formatPercent, toNanos } from "../../ui/format.ts";
import { Money } from "../../ui/Money.tsx";

/**
 * Billed − estimated as the server computed it: signed dollars, the percentage of the estimate,
 * and in words which way it goes.
 */
export function Difference({ delta, estimate }: { delta: string; estimate: string }) {
  const nanos = toNanos(delta);
  const estimateNanos = toNanos(estimate);
  const words =
    nanos === 0n
      ? "matches the estimate"
      : nanos > 0n
        ? "more than estimated"
        : "less than estimated";
  return (
    <span className="rec-difference">
      <span className={`rec-delta ${nanos > 0n ? "up" : nanos < 0n ? "down" : ""}`}>
        {nanos > 0n ? "+" : ""}
        <Money amount={delta} />
        {estimateNanos !== 0n && (
          <span className="rec-percent"> ({formatPercent(nanos, estimateNanos)})</span>
        )}
      </span>{" "}
      <span className="muted">{words}</span>
    </span>
  );
}

/** The difference without words, for table cells: `+$1.50 (+7.50%)`. */
export function DifferenceCell({ delta, estimate }: { delta: string; estimate: string }) {
  const nanos = toNanos(delta);
  const estimateNanos = toNanos(estimate);
  return (
    <span className={`rec-delta ${nanos > 0n ? "up" : nanos < 0n ? "down" : ""}`}>
      {nanos > 0n ? "+" : ""}
      <Money amount={delta} />
      <span className="rec-percent">
        {" "}
        {estimateNanos === 0n ? "(no estimate)" : `(${formatPercent(nanos, estimateNanos)})`}
      </span>
    </span>
  );
}
