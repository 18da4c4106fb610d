/** Previous / next over the API's cursor pages, where we are, and how many rows a page holds. */
import { Field } from "../../ui/Field.tsx";
import { PAGE_SIZES } from "./filters.ts";
import { exactCount } from "./words.ts";

export function Pager({
  page,
  pageSize,
  shown,
  hasNext,
  busy,
  onPrevious,
  onNext,
  onPageSize,
}: {
  /** 0 for the first page. */
  page: number;
  pageSize: number;
  shown: number;
  hasNext: boolean;
  busy: boolean;
  onPrevious: () => void;
  onNext: () => void;
  onPageSize: (size: number) => void;
}) {
  const first = page * pageSize + 1;
  return (
    <nav className="row usage-pager" aria-label="Pages of records">
      <button type="button" onClick={onPrevious} disabled={page === 0 || busy}>
        ← Previous
      </button>
      <button type="button" onClick={onNext} disabled={!hasNext || busy}>
        Next →
      </button>
      <span aria-live="polite">
        Page {exactCount(page + 1)}
        {shown > 0 && (
          <span className="muted">
            {" "}
            · records {exactCount(first)}–{exactCount(first + shown - 1)}
          </span>
        )}
      </span>
      <span className="spacer" />
      <Field label="Rows per page">
        {(props) => (
          <select {...props} value={pageSize} onChange={(e) => onPageSize(Number(e.target.value))}>
            {PAGE_SIZES.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        )}
      </Field>
    </nav>
  );
}
