import { CONFIDENCE_LABELS, type Confidence } from "../../../src/core/enums.ts";

const EXPLANATIONS: Record<Confidence, string> = {
  official: "From the provider's own usage or cost report",
  estimated: "Priced by TokenLedger from captured usage; not yet confirmed by a bill",
  reconciled: "An estimate adjusted to the amount the provider billed",
  manual: "Entered by hand",
};

/** The confidence of a dollar amount, in the words used everywhere: Official, Estimated, … */
export function ConfidenceBadge({ level }: { level: Confidence }) {
  return (
    <span className={`badge badge-${level}`} title={EXPLANATIONS[level]}>
      {CONFIDENCE_LABELS[level]}
    </span>
  );
}
