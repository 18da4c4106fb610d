import { Link } from "react-router";
import type { Overview } from "../../api/types.ts";
import { formatCount } from "../../ui/format.ts";
import { Money } from "../../ui/Money.tsx";
import { providerName } from "../../ui/providers.ts";
import { Empty } from "../../ui/states.tsx";

/** The models that cost the most this month, each linking to its records. */
export function TopModels({ overview }: { overview: Overview }) {
  const { top_models: models, month } = overview;
  return (
    <section className="panel" aria-labelledby="top-models-title">
      <h2 id="top-models-title">Top models</h2>
      {models.length === 0 ? (
        <Empty>No model spend this month.</Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">Provider</th>
                <th scope="col" className="num">
                  Spend
                </th>
                <th scope="col" className="num">
                  Tokens
                </th>
              </tr>
            </thead>
            <tbody>
              {models.map((m) => (
                <tr key={`${m.provider}/${m.model ?? ""}`}>
                  <td>
                    {m.model ? (
                      <Link
                        to={`/usage?${new URLSearchParams({ model: m.model, provider: m.provider, from: `${month}-01` })}`}
                      >
                        {m.model}
                      </Link>
                    ) : (
                      <span className="muted">no model</span>
                    )}
                  </td>
                  <td>{providerName(m.provider)}</td>
                  <td className="num">
                    <Money amount={m.total_cost} />
                  </td>
                  <td className="num">{formatCount(m.total_tokens)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The projects that cost the most this month. */
export function TopProjects({ overview }: { overview: Overview }) {
  const { top_projects: projects, month } = overview;
  return (
    <section className="panel" aria-labelledby="top-projects-title">
      <h2 id="top-projects-title">Top projects</h2>
      {projects.length === 0 ? (
        <Empty>No project spend this month.</Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Project</th>
                <th scope="col" className="num">
                  Spend
                </th>
                <th scope="col" className="num">
                  Records
                </th>
              </tr>
            </thead>
            <tbody>
              {projects.map((p) => (
                <tr key={p.project ?? "(none)"}>
                  <td>
                    {p.project ? (
                      <Link
                        to={`/usage?${new URLSearchParams({ project: p.project, from: `${month}-01` })}`}
                      >
                        {p.project}
                      </Link>
                    ) : (
                      <span className="muted">no project</span>
                    )}
                  </td>
                  <td className="num">
                    <Money amount={p.total_cost} />
                  </td>
                  <td className="num">{formatCount(p.records)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
