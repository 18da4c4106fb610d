import { usePageTitle } from "../../ui/usePageTitle.ts";

export function PricesPage() {
  usePageTitle("Prices");
  return (
    <section>
      <h1>Prices</h1>
    </section>
  );
}
