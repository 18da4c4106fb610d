import type { ReactNode } from "react";
import { ApiError } from "../api/client.ts";

export function Loading({ what }: { what: string }) {
  return (
    <p className="state loading" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="state empty">{children}</div>;
}

/** An error in words: the server's message, or what went wrong reaching it. */
export function ErrorMessage({ error, action }: { error: unknown; action?: string }) {
  const message =
    error instanceof ApiError
      ? error.message
      : error instanceof Error
        ? error.message
        : "Something went wrong.";
  const details = error instanceof ApiError ? error.details : [];
  return (
    <div className="state error" role="alert">
      <strong>{action ? `Could not ${action}: ` : ""}</strong>
      {message}
      {details.length > 0 && (
        <ul>
          {details.map((d, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: details have no identity of their own
            <li key={i}>
              {d.field ? <code>{d.field}</code> : d.line ? `line ${d.line}` : null}
              {d.field || d.line ? ": " : ""}
              {d.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
