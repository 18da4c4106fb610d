/** A model's own prices, one field per price part, in USD per million tokens. */
import { Field } from "../ui/Field.tsx";
import { PRICE_PARTS, type PriceKey } from "./draft.ts";

export function PriceFields({
  prices,
  onChange,
  errorOf,
}: {
  prices: Record<PriceKey, string>;
  onChange: (prices: Record<PriceKey, string>) => void;
  errorOf: (key: PriceKey) => string | undefined;
}) {
  return (
    <fieldset className="price-fields">
      <legend>Prices in USD per million tokens</legend>
      <div className="form-grid">
        {PRICE_PARTS.map((p) => (
          <Field
            key={p.key}
            label={p.required ? p.label : `${p.label} (optional)`}
            error={errorOf(p.key)}
            hint={p.required ? undefined : "Empty: billed at the input price"}
          >
            {(field) => (
              <input
                {...field}
                required={p.required}
                inputMode="decimal"
                placeholder={p.required ? "e.g. 0.50" : ""}
                value={prices[p.key]}
                onChange={(e) => onChange({ ...prices, [p.key]: e.target.value })}
                autoComplete="off"
              />
            )}
          </Field>
        ))}
      </div>
    </fieldset>
  );
}
