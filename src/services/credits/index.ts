export {
  type AddCreditInput,
  addCredit,
  addCreditInput,
  CREDIT_KINDS,
  type CreditStatus,
  type CreditStatusInput,
  type CreditView,
  creditStatus,
  creditStatusInput,
  listCredits,
} from "./credits.ts";
export {
  BURN_WINDOW_DAYS,
  type CreditState,
  DEFAULT_WARN_DAYS,
  type Forecast,
  forecastCredits,
} from "./forecast.ts";
