import { exactMoney, formatMoney, toNanos } from "../../ui/format.ts";

/** A difference in dollars with its sign: "+$0.38", "-$1.20", "$0.00"; exact amount on hover. */
export function SignedMoney({ amount }: { amount: string }) {
  const nanos = toNanos(amount);
  const text = formatMoney(nanos);
  return (
    <span
      className={`money ${nanos > 0n ? "diff-up" : nanos < 0n ? "diff-down" : ""}`}
      title={exactMoney(nanos)}
    >
      {nanos > 0n ? `+${text.replace("< ", "< +")}` : text}
    </span>
  );
}
