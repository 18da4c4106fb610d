import { useIsFetching, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { addDays } from "../../../../src/core/time.ts";
import { overrideKeys } from "../../price-overrides/api.ts";
import { newOverrideDraft, type OverrideDraft } from "../../price-overrides/draft.ts";
import { usePageTitle } from "../../ui/usePageTitle.ts";
import { fetchAccounts, KEYS, type PriceOverrideWire, type UnpricedModel } from "./api.ts";
import { CatalogSection } from "./CatalogSection.tsx";
import { EMPTY_RECOMPUTE, goToSection, type RecomputeValues } from "./drafts.ts";
import { OverridesSection } from "./OverridesSection.tsx";
import { QuoteSection } from "./QuoteSection.tsx";
import { RecomputeSection } from "./RecomputeSection.tsx";
import { UnpricedSection } from "./UnpricedSection.tsx";
import { useScrollToHash } from "./useScrollToHash.ts";
import "./prices.css";

const SECTIONS = [
  { id: "unpriced", title: "Unpriced models" },
  { id: "overrides", title: "Overrides" },
  { id: "recompute", title: "Recompute" },
  { id: "catalog", title: "Catalog" },
  { id: "quote", title: "Quote" },
] as const;

/**
 * Prices: what is unpriced and how to fix it, the overrides accounts negotiated, repricing
 * with a dry run, the dated catalog, and a quote tool. Each section hands its work to the next.
 */
export function PricesPage() {
  usePageTitle("Prices");
  const accounts = useQuery({ queryKey: KEYS.accounts, queryFn: fetchAccounts });
  const [overrideDraft, setOverrideDraft] = useState<OverrideDraft | null>(null);
  const [recomputeValues, setRecomputeValues] = useState<RecomputeValues>(EMPTY_RECOMPUTE);
  // Sections above the one linked to change height as their data arrives.
  const fetching =
    useIsFetching({ queryKey: ["prices"] }) + useIsFetching({ queryKey: overrideKeys.all });
  useScrollToHash(fetching === 0 && !accounts.isPending);

  const addPriceFor = (model: UnpricedModel) =>
    setOverrideDraft(
      newOverrideDraft({
        account_id: model.accounts[0]?.account_id ?? "",
        kind: "model_prices",
        model: model.model ?? "",
        effective_from: model.first_date,
      }),
    );
  const recomputeFor = (model: UnpricedModel) => {
    setRecomputeValues({
      from: model.first_date,
      to: addDays(model.last_date, 1),
      provider: model.provider,
      account_id: model.accounts.length === 1 ? (model.accounts[0]?.account_id ?? "") : "",
    });
    goToSection("recompute-title");
  };
  const overrideAdded = (override: PriceOverrideWire) => {
    setOverrideDraft(null);
    setRecomputeValues({
      from: override.effective_from,
      to: override.effective_to ?? "",
      provider: "",
      account_id: override.account_id,
    });
  };

  return (
    <section className="prices-page" aria-labelledby="prices-title">
      <h1 id="prices-title">Prices</h1>
      <nav aria-label="On this page" className="page-sections">
        <ul>
          {SECTIONS.map((s) => (
            <li key={s.id}>
              <a href={`#${s.id}`}>{s.title}</a>
            </li>
          ))}
        </ul>
      </nav>
      <UnpricedSection onAddPrice={addPriceFor} onRecompute={recomputeFor} />
      <OverridesSection
        accounts={accounts.data}
        draft={overrideDraft}
        onOpen={() => setOverrideDraft(newOverrideDraft())}
        onClose={() => setOverrideDraft(null)}
        onAdded={overrideAdded}
      />
      <RecomputeSection
        values={recomputeValues}
        onChange={setRecomputeValues}
        accounts={accounts.data}
      />
      <CatalogSection />
      <QuoteSection accounts={accounts.data} />
    </section>
  );
}
