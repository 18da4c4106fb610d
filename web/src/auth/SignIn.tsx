import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ApiError } from "../api/client.ts";
import { Field } from "../ui/Field.tsx";
import { SESSION_KEY, signIn } from "./session.ts";

/** Sign-in with the admin token (printed once by the first `npm start`, or TOKENLEDGER_ADMIN_TOKEN). */
export function SignIn() {
  const queryClient = useQueryClient();
  const [token, setToken] = useState("");
  const mutation = useMutation({
    mutationFn: () => signIn(token.trim()),
    onSuccess: async () => {
      // Nothing cached under another session may show; the session query itself is refetched.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
      await queryClient.refetchQueries({ queryKey: SESSION_KEY });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate();
  };
  const error = mutation.error;
  const message =
    error instanceof ApiError && error.status === 401
      ? "That token is not this server's admin token."
      : error instanceof ApiError
        ? error.fieldMessage("token")
          ? `Token ${error.fieldMessage("token")}.`
          : error.message
        : error
          ? String(error)
          : undefined;
  return (
    <main className="sign-in">
      <form onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">
          <span className="logo" aria-hidden="true">
            ◆
          </span>{" "}
          TokenLedger
        </h1>
        <p>
          Sign in with the admin token. The server printed it once when it first started (or it is
          the value of TOKENLEDGER_ADMIN_TOKEN).
        </p>
        <Field label="Admin token" error={message}>
          {(props) => (
            <input
              {...props}
              type="password"
              autoComplete="current-password"
              value={token}
              onChange={(e) => setToken(e.target.value)}
              required
            />
          )}
        </Field>
        <button
          type="submit"
          className="primary"
          disabled={mutation.isPending || token.trim() === ""}
        >
          {mutation.isPending ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
