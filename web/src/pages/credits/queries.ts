/** The credits page's reads from /api/v1, with their cache keys. */
import { useQuery } from "@tanstack/react-query";
import type { AccountView } from "../../../../src/services/accounts.ts";
import type { CreditStatus, CreditView } from "../../../../src/services/credits/index.ts";
import { api } from "../../api/client.ts";

export type { AccountView, CreditStatus, CreditView };

export interface AccountCredits {
  account_id: string;
  credits: CreditView[];
  /** null until the first credit is recorded. */
  status: CreditStatus | null;
}

export function usePerplexityAccounts() {
  return useQuery({
    queryKey: ["credits", "accounts"],
    queryFn: ({ signal }) =>
      api<{ accounts: AccountView[] }>("accounts", { signal }).then((r) =>
        r.accounts.filter((a) => a.provider === "perplexity"),
      ),
  });
}

export function creditsKey(accountId: string) {
  return ["credits", "account", accountId] as const;
}

export function useAccountCredits(accountId: string) {
  return useQuery({
    queryKey: creditsKey(accountId),
    queryFn: ({ signal }) =>
      api<AccountCredits>(`accounts/${encodeURIComponent(accountId)}/credits`, { signal }),
  });
}
