/** Form values the page's sections hand to each other (an unpriced model → an override → a recompute). */

export interface OverrideDraft {
  /** Changes whenever a new draft is opened, so the form starts again from it. */
  id: number;
  account_id: string;
  kind: "model_prices" | "discount";
  model: string;
  effective_from: string;
  effective_to: string;
}

export interface RecomputeValues {
  from: string;
  to: string;
  provider: string;
  account_id: string;
}

export const EMPTY_RECOMPUTE: RecomputeValues = { from: "", to: "", provider: "", account_id: "" };

let nextDraftId = 1;

export function newOverrideDraft(values: Partial<Omit<OverrideDraft, "id">> = {}): OverrideDraft {
  return {
    id: nextDraftId++,
    account_id: "",
    kind: "model_prices",
    model: "",
    effective_from: "",
    effective_to: "",
    ...values,
  };
}

/** Scrolls to a section and moves keyboard focus to its heading (which has tabIndex -1). */
export function goToSection(headingId: string): void {
  const heading = document.getElementById(headingId);
  if (!heading) return;
  heading.scrollIntoView({ block: "start" });
  heading.focus({ preventScroll: true });
}
