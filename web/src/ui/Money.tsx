import { exactMoney, formatMoney } from "./format.ts";

/** A money amount with its currency; the exact stored value on hover. `null` means unpriced. */
export function Money({
  amount,
  className,
}: {
  amount: string | bigint | null;
  className?: string;
}) {
  if (amount === null) {
    return (
      <span
        className={`money unpriced ${className ?? ""}`}
        title="No price is known for this usage yet"
      >
        unpriced
      </span>
    );
  }
  return (
    <span className={`money ${className ?? ""}`} title={exactMoney(amount)}>
      {formatMoney(amount)}
    </span>
  );
}
