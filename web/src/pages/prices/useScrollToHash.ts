import { useEffect, useRef } from "react";
import { useLocation } from "react-router";

/**
 * Scrolls to the element the URL's #fragment names once the page has its data: a link from
 * another page (the overview's `/prices#unpriced`) arrives before the sections have their
 * height. Once per fragment, so a later refresh never moves the page under the reader.
 */
export function useScrollToHash(ready: boolean) {
  const { hash } = useLocation();
  const done = useRef<string | null>(null);
  useEffect(() => {
    if (!ready || hash.length < 2 || done.current === hash) return;
    done.current = hash;
    document.getElementById(decodeURIComponent(hash.slice(1)))?.scrollIntoView({ block: "start" });
  }, [hash, ready]);
}
