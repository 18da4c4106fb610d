import { expect, test } from "vitest";
import { OFFICIAL_ADAPTERS, officialAdapterFor } from "../../src/providers/official.ts";
import { PROVIDER_IDS, PROVIDERS } from "../../src/providers/registry.ts";

test("every provider collected from an official API has its adapter, and only those", () => {
  const official = PROVIDER_IDS.filter((id) => PROVIDERS[id].collection === "official_api");
  expect(Object.keys(OFFICIAL_ADAPTERS).sort()).toEqual([...official].sort());
  expect(PROVIDER_IDS.map((id) => officialAdapterFor(id)?.provider ?? null)).toEqual(
    PROVIDER_IDS.map((id) => (official.includes(id) ? id : null)),
  );
});

test("each adapter fetches usage before cost", () => {
  expect(
    Object.values(OFFICIAL_ADAPTERS).map((adapter) => adapter.endpoints.map((e) => e.name)),
  ).toEqual([
    ["usage", "cost"],
    ["usage", "cost"],
  ]);
});
