/** Everything one record says, under its row: where it came from, its counts, how it was priced. */
import type { ReactNode } from "react";
import type { UsageRecordWire } from "../../api/types.ts";
import { exactMoney } from "../../ui/format.ts";
import type { CostExplanation } from "./costExplanation.ts";
import { PriceBreakdown } from "./PriceBreakdown.tsx";
import { BUCKET_WORDS, exactCount, SOURCE_WORDS } from "./words.ts";

const REQUEST_TYPE_WORDS = {
  api: "API usage",
  manual: "Manual entry",
  reconciled: "Reconciliation",
} as const;

export function RecordDetails({
  record,
  explanation,
}: {
  record: UsageRecordWire;
  explanation: CostExplanation;
}) {
  const priceable =
    (record.cost_source === "price_table" || record.total_cost === null) &&
    record.model !== null &&
    record.metadata.usage_missing !== true;
  const counts: [string, number][] = [
    ["Prompt tokens (all input)", record.prompt_tokens],
    ["Completion tokens", record.completion_tokens],
    ["Cache reads", record.cache_read_tokens],
    ["Cache writes, 5 min", record.cache_write_5m_tokens],
    ["Cache writes, 1 hour", record.cache_write_1h_tokens],
    ["Reasoning tokens", record.reasoning_tokens],
    ["Requests", record.requests],
    ["Search queries", record.search_queries],
  ];
  return (
    <div className="usage-details">
      <p className={explanation.unpriced ? "notice notice-warn" : "usage-explanation"}>
        {explanation.sentence}
      </p>
      <div className="usage-details-grid">
        <dl>
          <Row label="Came from">{SOURCE_WORDS[record.source]}</Row>
          <Row label="Kind">{REQUEST_TYPE_WORDS[record.request_type]}</Row>
          <Row label="Covers">{BUCKET_WORDS[record.bucket]}</Row>
          <Row label="Exact cost">
            {record.total_cost === null ? "unknown (unpriced)" : exactMoney(record.total_cost)}
          </Row>
          {record.price_version && (
            <Row label="Price version">
              <code>{record.price_version}</code>
            </Row>
          )}
          {record.service_tier && <Row label="Service tier">{record.service_tier}</Row>}
          {record.workspace_id && <Row label="Workspace">{record.workspace_id}</Row>}
          {record.api_key_suffix && <Row label="Provider key">ending {record.api_key_suffix}</Row>}
          <Row label="Record id">
            <code>{record.id}</code>
          </Row>
        </dl>
        <dl>
          {counts
            .filter(([, value], index) => index < 2 || value > 0)
            .map(([label, value]) => (
              <Row key={label} label={label} numeric>
                {exactCount(value)}
              </Row>
            ))}
        </dl>
      </div>
      {priceable && <PriceBreakdown record={record} />}
      {Object.keys(record.metadata).length > 0 && (
        <details className="usage-metadata">
          <summary>Metadata</summary>
          <pre>{JSON.stringify(record.metadata, null, 2)}</pre>
        </details>
      )}
    </div>
  );
}

function Row({
  label,
  numeric,
  children,
}: {
  label: string;
  numeric?: boolean;
  children: ReactNode;
}) {
  return (
    <div className="usage-dl-row">
      <dt>{label}</dt>
      <dd className={numeric ? "num" : undefined}>{children}</dd>
    </div>
  );
}
