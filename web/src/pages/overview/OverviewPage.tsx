import { usePageTitle } from "../../ui/usePageTitle.ts";

export function OverviewPage() {
  usePageTitle("Overview");
  return (
    <section>
      <h1>Overview</h1>
    </section>
  );
}
