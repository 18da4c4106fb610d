import { usePageTitle } from "../../ui/usePageTitle.ts";

export function CreditsPage() {
  usePageTitle("Credits");
  return (
    <section>
      <h1>Credits</h1>
    </section>
  );
}
