import { admin } from "./api";
import { useQuery } from "./store";
import { message } from "../shared/errors";
import { CoverageChart } from "./CoverageChart";
import type { GetProgrammeHomeResponse } from "../gen/panelpulse/v1/admin_pb";

const percent = (x: number): string => `${Math.round(x * 100)}%`;

// Home is the programme admin's first screen: today's sends and answers,
// the live waves, and the panel by sector and size band beside the
// population frame.
export function Home() {
  const q = useQuery("home", () => admin.getProgrammeHome({}));
  if (q.state === "loading") return <p class="loading">Loading the programme…</p>;
  if (q.state === "error") return <p role="alert">{message(q.error)}</p>;
  return <HomeView home={q.data} />;
}

function HomeView({ home }: { home: GetProgrammeHomeResponse }) {
  const t = home.today;
  const c = t?.counts;
  return (
    <>
      <p class="lede">{home.tenantName}</p>
      <section aria-labelledby="today-h">
        <h2 id="today-h">Today, {t?.day}</h2>
        <dl class="counts" data-testid="today">
          <Count name="assigned" label="Questions assigned" value={c?.assigned ?? 0} />
          <Count name="pushed" label="Pushed" value={c?.pushed ?? 0} />
          <Count name="opened" label="Opened" value={c?.opened ?? 0} />
          <Count name="answered" label="Answered" value={c?.answered ?? 0} />
          <Count name="rate" label="Response rate" value={percent(c?.responseRate ?? 0)} />
          <Count name="deliveries" label="First pushes sent" value={t?.firstPushesSent ?? 0} />
          <Count name="reminders" label="Reminders sent" value={t?.remindersSent ?? 0} />
        </dl>
      </section>
      <section aria-labelledby="waves-h">
        <h2 id="waves-h">Live waves</h2>
        {home.liveWaves.length === 0 ? (
          <p>No wave is running today.</p>
        ) : (
          <div class="table-wrap">
            <table data-testid="waves">
              <caption class="sr-only">Waves running today</caption>
              <thead>
                <tr>
                  <th scope="col">Wave</th>
                  <th scope="col">Runs</th>
                  <th scope="col">Day</th>
                  <th scope="col" class="num">
                    Assigned
                  </th>
                  <th scope="col" class="num">
                    Answered
                  </th>
                </tr>
              </thead>
              <tbody>
                {home.liveWaves.map((w) => (
                  <tr key={String(w.wave?.id)} data-wave={String(w.wave?.id)}>
                    <th scope="row">{w.wave?.name}</th>
                    <td>
                      {w.wave?.startDate} to {w.wave?.endDate}
                    </td>
                    <td>
                      {w.dayNumber > 0 ? `${w.dayNumber} of ${w.wave?.workingDays}` : "not a working day"}
                    </td>
                    <td class="num" data-col="assigned">
                      {w.counts?.assigned ?? 0}
                    </td>
                    <td class="num" data-col="answered">
                      {w.counts?.answered ?? 0}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="coverage-h">
        <h2 id="coverage-h">Panel beside the population frame</h2>
        {home.frameImported ? (
          <p>
            For each sector and size band: businesses on the panel, in the population frame, the panel's
            proportional target (the stratum's share of the frame times the panel's size) and how many the
            panel is short.
          </p>
        ) : (
          <p class="note" data-testid="no-frame">
            No population frame has been imported, so there are no targets: the table shows the panel only.
          </p>
        )}
        {home.frameImported && <CoverageChart strata={home.coverage} />}
        <div class="table-wrap">
          <table data-testid="coverage">
            <caption class="sr-only">Panel businesses by sector and size band</caption>
            <thead>
              <tr>
                <th scope="col">Sector and size</th>
                <th scope="col" class="num">
                  Panel
                </th>
                <th scope="col" class="num">
                  Frame
                </th>
                <th scope="col" class="num">
                  Target
                </th>
                <th scope="col" class="num">
                  Short
                </th>
              </tr>
            </thead>
            <tbody>
              {home.coverage.map((s) => (
                <tr key={`${s.sector}/${s.sizeBand}`} data-stratum={`${s.sector}/${s.sizeBand}`}>
                  <th scope="row">
                    {s.sector}
                    <span class="band">{s.sizeBand}</span>
                  </th>
                  <td class="num" data-col="panel">
                    {s.panelBusinesses}
                  </td>
                  <td class="num" data-col="frame">
                    {s.inFrame ? s.frameBusinesses : "none"}
                  </td>
                  <td class="num" data-col="target">
                    {s.inFrame ? s.targetBusinesses : "–"}
                  </td>
                  <td class={s.shortfall > 0 ? "num short" : "num"} data-col="shortfall">
                    {s.shortfall}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

function Count({ name, label, value }: { name: string; label: string; value: number | string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-count={name}>{value}</dd>
    </div>
  );
}
