import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { OverviewDay } from "../../api/types.ts";
import { chartNumber, formatDay, formatMoney } from "../../ui/format.ts";
import { Money } from "../../ui/Money.tsx";
import { providerColor, providerName } from "../../ui/providers.ts";

interface ChartRow {
  date: string;
  day: string;
  [provider: string]: string | number;
}

/**
 * Spend per day, stacked by provider. Bar heights are numbers (geometry only); every amount a
 * user reads — tooltip, axis, table — is formatted from the exact decimal strings.
 */
export function DailyChart({ days, providers }: { days: OverviewDay[]; providers: string[] }) {
  const rows: ChartRow[] = days.map((day) => {
    const row: ChartRow = { date: day.date, day: day.date.slice(8) };
    for (const provider of providers) row[provider] = chartNumber(day.providers[provider] ?? "0");
    return row;
  });
  const byDate = new Map(days.map((day) => [day.date, day]));
  return (
    <figure className="daily-chart" aria-label="Spend per day this month, stacked by provider">
      <div className="chart-box">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
            <CartesianGrid vertical={false} stroke="#e5e7eb" />
            <XAxis dataKey="day" tickLine={false} interval="preserveStartEnd" />
            <YAxis
              tickLine={false}
              axisLine={false}
              width={70}
              tickFormatter={(value: number) => formatAxis(value)}
            />
            <Tooltip
              cursor={{ fill: "rgba(47, 91, 211, 0.08)" }}
              content={({ active, label, payload }) => {
                const date = payload?.[0]?.payload?.date as string | undefined;
                const day = date ? byDate.get(date) : undefined;
                if (!active || !day) return null;
                return <DayTooltip day={day} providers={providers} key={String(label)} />;
              }}
            />
            <Legend formatter={(value: string) => providerName(value)} />
            {providers.map((provider) => (
              <Bar
                key={provider}
                dataKey={provider}
                name={provider}
                stackId="spend"
                fill={providerColor(provider)}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <details className="chart-table">
        <summary>Show the numbers as a table</summary>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Day (UTC)</th>
                {providers.map((p) => (
                  <th scope="col" key={p} className="num">
                    {providerName(p)}
                  </th>
                ))}
                <th scope="col" className="num">
                  Total
                </th>
              </tr>
            </thead>
            <tbody>
              {days.map((day) => (
                <tr key={day.date}>
                  <th scope="row">{formatDay(day.date)}</th>
                  {providers.map((p) => (
                    <td key={p} className="num">
                      <Money amount={day.providers[p] ?? "0"} />
                    </td>
                  ))}
                  <td className="num">
                    <Money amount={day.total} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

function DayTooltip({ day, providers }: { day: OverviewDay; providers: string[] }) {
  return (
    <div className="chart-tooltip">
      <strong>{formatDay(day.date)}</strong>
      <table>
        <tbody>
          {providers.map((p) => (
            <tr key={p}>
              <td>
                <span className="swatch" style={{ background: providerColor(p) }} />{" "}
                {providerName(p)}
              </td>
              <td className="num">{formatMoney(day.providers[p] ?? "0")}</td>
            </tr>
          ))}
          <tr className="total">
            <td>Total</td>
            <td className="num">{formatMoney(day.total)}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

/**
 * Axis ticks: labels of the scale Recharts picks, not amounts from the ledger (those are in
 * the tooltip and the table). Small scales keep enough digits that no tick reads "$0.00".
 */
function formatAxis(value: number): string {
  if (value === 0) return "$0";
  if (value >= 1000) return `$${(value / 1000).toFixed(value >= 10_000 ? 0 : 1)}k`;
  if (Number.isInteger(value)) return `$${value}`;
  if (value >= 0.01) return `$${value.toFixed(2)}`;
  return `$${value.toPrecision(2)}`;
}
