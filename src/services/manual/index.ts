/** Manual entries and recurring seat plans: the verbs the HTTP API, the CLI and the scheduler call. */
export {
  type AddManualEntryInput,
  addManualEntry,
  deleteManualEntry,
  type ListManualEntriesInput,
  listManualEntries,
  type ManualEntryHistory,
  manualEntryHistory,
  type UpdateManualEntryInput,
  updateManualEntry,
} from "./entries.ts";
export { MANUAL_LABEL, type ManualRecordView } from "./records.ts";
export {
  type AddRecurringInput,
  addRecurring,
  getRecurring,
  listRecurring,
  type MaterializeResult,
  materializeRecurring,
  type RecurringHistory,
  type RecurringPlanView,
  recurringHistory,
  SEAT_PLANS,
  type SeatPlanName,
  type StopRecurringInput,
  seatPrice,
  stopRecurring,
  type UpdateRecurringInput,
  updateRecurring,
} from "./recurring.ts";
