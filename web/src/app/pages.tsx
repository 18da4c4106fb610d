/**
 * Every dashboard page, in navigation order. A page lives in its own folder under pages/ and
 * is loaded on first visit, so the chart library only downloads with the overview.
 */
import { type ComponentType, type LazyExoticComponent, lazy } from "react";

export interface Page {
  path: string;
  title: string;
  component: LazyExoticComponent<ComponentType>;
}

/** A lazily loaded named export. */
function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(async () => ({ default: (await load())[name] }));
}

export const PAGES: readonly Page[] = [
  {
    path: "/",
    title: "Overview",
    component: page(() => import("../pages/overview/OverviewPage.tsx"), "OverviewPage"),
  },
  {
    path: "/usage",
    title: "Usage",
    component: page(() => import("../pages/usage/UsagePage.tsx"), "UsagePage"),
  },
  {
    path: "/accounts",
    title: "Accounts",
    component: page(() => import("../pages/accounts/AccountsPage.tsx"), "AccountsPage"),
  },
  {
    path: "/manual",
    title: "Manual entry",
    component: page(() => import("../pages/manual/ManualPage.tsx"), "ManualPage"),
  },
  {
    path: "/reconciliation",
    title: "Reconciliation",
    component: page(
      () => import("../pages/reconciliation/ReconciliationPage.tsx"),
      "ReconciliationPage",
    ),
  },
  {
    path: "/credits",
    title: "Credits",
    component: page(() => import("../pages/credits/CreditsPage.tsx"), "CreditsPage"),
  },
  {
    path: "/prices",
    title: "Prices",
    component: page(() => import("../pages/prices/PricesPage.tsx"), "PricesPage"),
  },
];
