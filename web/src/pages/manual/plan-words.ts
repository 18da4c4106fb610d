/** How a seat plan reads: its status and the months it covers. */
import { monthWords } from "./months.ts";
import type { RecurringPlanView } from "./queries.ts";

export const STATUS_WORDS: Record<RecurringPlanView["status"], string> = {
  active: "Active",
  scheduled: "Scheduled",
  ended: "Ended",
  cancelled: "Cancelled",
};

const STATUS_ORDER: RecurringPlanView["status"][] = ["active", "scheduled", "ended", "cancelled"];

/** Running plans first, then the latest start. */
export function sortPlans(plans: readonly RecurringPlanView[]): RecurringPlanView[] {
  return [...plans].sort(
    (a, b) =>
      STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) ||
      (a.start_month < b.start_month ? 1 : a.start_month > b.start_month ? -1 : 0),
  );
}

export function spanWords(plan: RecurringPlanView): string {
  if (plan.status === "cancelled") return `Was to start ${monthWords(plan.start_month)}`;
  const start = monthWords(plan.start_month);
  if (plan.end_month === plan.start_month) return `${start} only`;
  return plan.end_month ? `${start} – ${monthWords(plan.end_month)}` : `${start} – until stopped`;
}

/** Plans that still record months can be changed or stopped. */
export function isRunning(plan: RecurringPlanView): boolean {
  return plan.status === "active" || plan.status === "scheduled";
}
