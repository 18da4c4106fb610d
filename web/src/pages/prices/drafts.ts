/** Values the page's sections hand to each other (an override → a recompute), and moving between sections. */

export interface RecomputeValues {
  from: string;
  to: string;
  provider: string;
  account_id: string;
}

export const EMPTY_RECOMPUTE: RecomputeValues = { from: "", to: "", provider: "", account_id: "" };

/** Scrolls to a section and moves keyboard focus to its heading (which has tabIndex -1). */
export function goToSection(headingId: string): void {
  const heading = document.getElementById(headingId);
  if (!heading) return;
  heading.scrollIntoView({ block: "start" });
  heading.focus({ preventScroll: true });
}
