import { useEffect } from "react";

/** Sets the browser tab's title, so history and screen readers name the page. */
export function usePageTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · TokenLedger`;
  }, [title]);
}
