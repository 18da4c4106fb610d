import { usePageTitle } from "../../ui/usePageTitle.ts";

export function AccountsPage() {
  usePageTitle("Accounts");
  return (
    <section>
      <h1>Accounts</h1>
    </section>
  );
}
