/** Every dashboard page, in navigation order. A page lives in its own folder under pages/. */
import type { ReactElement } from "react";
import { AccountsPage } from "../pages/accounts/AccountsPage.tsx";
import { CreditsPage } from "../pages/credits/CreditsPage.tsx";
import { ManualPage } from "../pages/manual/ManualPage.tsx";
import { OverviewPage } from "../pages/overview/OverviewPage.tsx";
import { PricesPage } from "../pages/prices/PricesPage.tsx";
import { ReconciliationPage } from "../pages/reconciliation/ReconciliationPage.tsx";
import { UsagePage } from "../pages/usage/UsagePage.tsx";

export interface Page {
  path: string;
  title: string;
  element: ReactElement;
}

export const PAGES: readonly Page[] = [
  { path: "/", title: "Overview", element: <OverviewPage /> },
  { path: "/usage", title: "Usage", element: <UsagePage /> },
  { path: "/accounts", title: "Accounts", element: <AccountsPage /> },
  { path: "/manual", title: "Manual entry", element: <ManualPage /> },
  { path: "/reconciliation", title: "Reconciliation", element: <ReconciliationPage /> },
  { path: "/credits", title: "Credits", element: <CreditsPage /> },
  { path: "/prices", title: "Prices", element: <PricesPage /> },
];
