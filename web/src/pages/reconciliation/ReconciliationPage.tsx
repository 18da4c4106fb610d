import { usePageTitle } from "../../ui/usePageTitle.ts";

export function ReconciliationPage() {
  usePageTitle("Reconciliation");
  return (
    <section>
      <h1>Reconciliation</h1>
    </section>
  );
}
