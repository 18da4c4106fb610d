import { usePageTitle } from "../../ui/usePageTitle.ts";

export function ManualPage() {
  usePageTitle("Manual entry");
  return (
    <section>
      <h1>Manual entry</h1>
    </section>
  );
}
