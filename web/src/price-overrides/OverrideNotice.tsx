/** What adding or removing an override did, with the page's way to the recompute beside it. */
import type { ReactNode } from "react";
import "./price-overrides.css";

export function OverrideNotice({
  message,
  children,
}: {
  message: string | null;
  children: ReactNode;
}) {
  if (!message) return null;
  return (
    <div className="notice notice-ok override-notice" role="status">
      {message} {children}
    </div>
  );
}
