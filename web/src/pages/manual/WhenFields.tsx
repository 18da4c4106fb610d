import { useId } from "react";
import { Field } from "../../ui/Field.tsx";

/** A manual entry is for a month (a month record) or for one day. */
export interface When {
  mode: "month" | "day";
  /** YYYY-MM */
  period: string;
  /** YYYY-MM-DD */
  date: string;
}

/** The month-or-day choice and its input; the server's `period`/`date` message at the input. */
export function WhenFields({
  value,
  onChange,
  errors,
}: {
  value: When;
  onChange: (next: When, field: "period" | "date") => void;
  errors: Record<string, string>;
}) {
  const name = useId();
  const error =
    value.mode === "month" ? (errors.period ?? errors.date) : (errors.date ?? errors.period);
  return (
    <>
      <fieldset className="choice">
        <legend>Entry covers</legend>
        <label>
          <input
            type="radio"
            name={name}
            checked={value.mode === "month"}
            onChange={() => onChange({ ...value, mode: "month" }, "period")}
          />{" "}
          A month
        </label>
        <label>
          <input
            type="radio"
            name={name}
            checked={value.mode === "day"}
            onChange={() => onChange({ ...value, mode: "day" }, "date")}
          />{" "}
          A day
        </label>
      </fieldset>
      {value.mode === "month" ? (
        <Field label="Month" error={error} hint="UTC calendar month">
          {(props) => (
            <input
              {...props}
              type="month"
              placeholder="YYYY-MM"
              value={value.period}
              onChange={(e) => onChange({ ...value, period: e.target.value }, "period")}
            />
          )}
        </Field>
      ) : (
        <Field label="Day" error={error} hint="UTC calendar day">
          {(props) => (
            <input
              {...props}
              type="date"
              value={value.date}
              onChange={(e) => onChange({ ...value, date: e.target.value }, "date")}
            />
          )}
        </Field>
      )}
    </>
  );
}

/** The `period` or `date` the API takes, or a message when the chosen one is empty. */
export function whenInput(
  when: When,
):
  | { ok: true; body: { period: string } | { date: string } }
  | { ok: false; field: string; message: string } {
  if (when.mode === "month") {
    return when.period.trim() === ""
      ? { ok: false, field: "period", message: "Choose the month the cost belongs to" }
      : { ok: true, body: { period: when.period.trim() } };
  }
  return when.date.trim() === ""
    ? { ok: false, field: "date", message: "Choose the day the cost belongs to" }
    : { ok: true, body: { date: when.date.trim() } };
}
