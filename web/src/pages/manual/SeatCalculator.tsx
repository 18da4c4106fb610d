import { Field } from "../../ui/Field.tsx";
import { Money } from "../../ui/Money.tsx";
import { parseAmount, seatTotal } from "./amounts.ts";
import type { SeatPrice } from "./seat-prices.ts";

/**
 * Seats × price per seat, with the exact total shown before anything is sent. Catalog prices
 * (Copilot Business, Enterprise) fill the price in one click.
 */
export function SeatCalculator({
  seats,
  price,
  onSeats,
  onPrice,
  catalog,
  errors,
  unit = "",
}: {
  seats: string;
  price: string;
  onSeats: (value: string) => void;
  onPrice: (value: string, plan?: SeatPrice) => void;
  catalog: readonly SeatPrice[];
  errors: { seats?: string | undefined; price?: string | undefined };
  /** Said after the total, e.g. " a month". */
  unit?: string;
}) {
  return (
    <>
      <Field label="Seats" error={errors.seats}>
        {(props) => (
          <input
            {...props}
            inputMode="numeric"
            autoComplete="off"
            value={seats}
            onChange={(e) => onSeats(e.target.value)}
          />
        )}
      </Field>
      <Field label="Price per seat (USD)" error={errors.price}>
        {(props) => (
          <input
            {...props}
            inputMode="decimal"
            autoComplete="off"
            placeholder="19.00"
            value={price}
            onChange={(e) => onPrice(e.target.value)}
          />
        )}
      </Field>
      {catalog.length > 0 && (
        <div className="seat-presets">
          <span className="muted">Catalog price per seat a month:</span>
          {catalog.map((plan) => (
            <button
              key={plan.plan}
              type="button"
              className="link"
              onClick={() => onPrice(plan.price, plan)}
            >
              {plan.label} <Money amount={plan.price} />
            </button>
          ))}
        </div>
      )}
      <SeatTotal seats={seats} price={price} unit={unit} />
    </>
  );
}

/** "12 seats × $19.00 = $228.00", exact, as soon as both inputs are valid. */
export function SeatTotal({
  seats,
  price,
  unit = "",
}: {
  seats: string;
  price: string;
  unit?: string;
}) {
  const total = seatTotal(seats, price);
  const each = parseAmount(price);
  return (
    <p className="seat-total" aria-live="polite">
      {total !== null && each.ok ? (
        <>
          {seats.trim()} {seats.trim() === "1" ? "seat" : "seats"} × <Money amount={each.value} /> ={" "}
          <strong>
            <Money amount={total} />
          </strong>
          {unit}
        </>
      ) : (
        <span className="muted">Enter seats and a price per seat to see the total.</span>
      )}
    </p>
  );
}
