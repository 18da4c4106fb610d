/** Small helpers the fakes' self-tests use to talk to them over HTTP. */

export interface PageLike {
  has_more: boolean;
  next_page: string | null;
}

/** Follows `next_page` until the last page and returns every page, or throws on a non-200. */
export async function allPages<P extends PageLike>(
  get: (query: string) => Promise<Response>,
  query: string,
): Promise<P[]> {
  const pages: P[] = [];
  let cursor: string | null = null;
  do {
    const response = await get(cursor === null ? query : `${query}&page=${cursor}`);
    if (response.status !== 200) throw new Error(`page answered ${response.status}`);
    const page = (await response.json()) as P;
    pages.push(page);
    cursor = page.next_page;
  } while (cursor !== null);
  return pages;
}

/** The value, or a thrown error when a test's lookup found nothing. */
export function must<T>(value: T | undefined, what = "value"): T {
  if (value === undefined) throw new Error(`expected a ${what}`);
  return value;
}
