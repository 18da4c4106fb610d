/** Who is signed in: `GET /api/v1/session` answers 200 with a session, 401 without one. */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { ApiError, api, onSignedOut } from "../api/client.ts";

export interface SessionInfo {
  authenticated: true;
  method: "session" | "bearer";
  expires_at?: string;
}

export const SESSION_KEY = ["session"] as const;

/** The session, or `null` when signed out; any API call answering 401 flips it to `null`. */
export function useSession() {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      onSignedOut(() => {
        queryClient.setQueryData(SESSION_KEY, null);
      }),
    [queryClient],
  );
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: async () => {
      try {
        return await api<SessionInfo>("session");
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export async function signIn(token: string): Promise<void> {
  await api("session", { method: "POST", body: { token } });
}

export async function signOut(): Promise<void> {
  await api("session", { method: "DELETE" });
}
