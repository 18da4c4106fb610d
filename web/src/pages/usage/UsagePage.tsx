import { usePageTitle } from "../../ui/usePageTitle.ts";

export function UsagePage() {
  usePageTitle("Usage");
  return (
    <section>
      <h1>Usage</h1>
    </section>
  );
}
