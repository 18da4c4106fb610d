import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../../api/client.ts";
import type { Overview } from "../../api/types.ts";
import { ConfidenceBadge } from "../../ui/ConfidenceBadge.tsx";
import { formatCount, formatMonth } from "../../ui/format.ts";
import { Money } from "../../ui/Money.tsx";
import { Empty, ErrorMessage, Loading } from "../../ui/states.tsx";
import { usePageTitle } from "../../ui/usePageTitle.ts";
import { ConfidenceSplit } from "./ConfidenceSplit.tsx";
import { DailyChart } from "./DailyChart.tsx";
import { TopModels, TopProjects } from "./TopLists.tsx";
import { Warnings } from "./Warnings.tsx";
import "./overview.css";

export const OVERVIEW_KEY = ["overview"] as const;

/** Spend at a glance: this month, last month, the forecast, by day, provider and confidence. */
export function OverviewPage() {
  usePageTitle("Overview");
  const overview = useQuery({
    queryKey: OVERVIEW_KEY,
    queryFn: ({ signal }) => api<Overview>("overview", { signal }),
  });
  if (overview.isPending) return <Loading what="the overview" />;
  if (overview.isError) return <ErrorMessage error={overview.error} action="load the overview" />;
  const data = overview.data;
  const hasSpend = data.records > 0 || data.unpriced_records > 0;
  return (
    <>
      <div className="row page-head">
        <h1>Overview</h1>
        <span className="muted">{formatMonth(data.month)} · amounts in USD</span>
      </div>
      <Warnings overview={data} />
      <section className="grid grid-3 stats" aria-label="Totals">
        <div className="panel stat" data-testid="month-to-date">
          <div className="label">Month to date</div>
          <div className="value">
            <Money amount={data.month_to_date} />
          </div>
          <div className="sub row">
            <PeriodBadge overview={data} /> {formatCount(data.records)} records
          </div>
        </div>
        <div className="panel stat" data-testid="last-month">
          <div className="label">Last month</div>
          <div className="value">
            <Money amount={data.last_month} />
          </div>
          <div className="sub">the whole previous calendar month</div>
        </div>
        <div className="panel stat" data-testid="forecast">
          <div className="label">Forecast to month end</div>
          <div className="value">
            <Money amount={data.forecast_month_end} />
          </div>
          <div className="sub">
            at this month's daily rate ({data.days_elapsed} of {data.days_in_month} days)
          </div>
        </div>
      </section>
      {hasSpend ? (
        <>
          <section className="panel" aria-labelledby="daily-title">
            <h2 id="daily-title">Spend per day, by provider</h2>
            <DailyChart days={data.daily} providers={data.providers} />
          </section>
          <ConfidenceSplit overview={data} />
          <div className="grid grid-2">
            <TopModels overview={data} />
            <TopProjects overview={data} />
          </div>
        </>
      ) : (
        <Empty>
          <p>No spend recorded this month yet.</p>
          <p>
            <Link to="/accounts">Add an account</Link> to sync Anthropic or OpenAI, point an SDK at
            the capture proxy for Groq or Perplexity, or{" "}
            <Link to="/manual">enter costs by hand</Link> (GitHub Copilot seats).
          </p>
        </Empty>
      )}
    </>
  );
}

/** One badge when the whole month has one confidence level; "Mixed" otherwise. */
function PeriodBadge({ overview }: { overview: Overview }) {
  const { level, label } = overview.by_confidence;
  if (level === "mixed" || level === "none")
    return <span className="badge badge-neutral">{label}</span>;
  return <ConfidenceBadge level={level} />;
}
