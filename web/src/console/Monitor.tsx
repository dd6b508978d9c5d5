import { useMemo, useState } from "preact/hooks";
import { admin } from "./api";
import { useQuery } from "./store";
import { go, href, useRoute } from "./route";
import { message } from "../shared/errors";
import { Dimension, type Segment } from "../gen/panelpulse/v1/segment_pb";
import type { MonitorRow } from "../gen/panelpulse/v1/admin_pb";
import { LazyPlot } from "./LazyPlot";
import { WavePicker, useWave } from "./WavePicker";

// splits are the response monitor's one-way splits, by their name in the
// location (?by=).
type Split = { by: string; label: string; dimension: Dimension };
const whole: Split = { by: "all", label: "Whole panel", dimension: Dimension.ALL };
const splits: Split[] = [
  whole,
  { by: "sector", label: "Sector", dimension: Dimension.SECTOR },
  { by: "size", label: "Size band", dimension: Dimension.SIZE_BAND },
  { by: "district", label: "District", dimension: Dimension.DISTRICT },
  { by: "role", label: "Role", dimension: Dimension.ROLE },
];

const percent = (x: number): string => `${Math.round(x * 100)}%`;

// segmentLabel names a row's segment as a person reads it.
export function segmentLabel(s: Segment | undefined): string {
  return !s || s.dimension === Dimension.ALL ? "Whole panel" : s.value;
}

// Monitor is the admin's response monitor: per day and segment of a wave
// the assigned, pushed, opened and answered counts and the response rate
// (the shared definitions, see the docs' counts page), as a chart and a
// table, and who stopped answering.
export function Monitor() {
  const route = useRoute();
  const { waveId } = useWave();
  const split = splits.find((s) => s.by === route.query.get("by")) ?? whole;
  const setQuery = (k: string, v: string) =>
    go(href("monitor", [], { ...Object.fromEntries(route.query), [k]: v }));
  return (
    <>
      <p>
        Per day and segment: questions <em>assigned</em>, <em>pushed</em> (the day's first push reached the
        phone), <em>opened</em> (a notification was opened), <em>answered</em> and the response rate.
      </p>
      <div class="controls">
        <WavePicker section="monitor" waveId={waveId} />
        <label>
          Split by{" "}
          <select name="by" value={split.by} onChange={(e) => setQuery("by", e.currentTarget.value)}>
            {splits.map((s) => (
              <option key={s.by} value={s.by}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {waveId === undefined ? (
        <p>No wave is running today: choose a wave by its number.</p>
      ) : (
        <>
          <MonitorTable waveId={waveId} dimension={split.dimension} />
          <Stopped waveId={waveId} />
        </>
      )}
    </>
  );
}

function MonitorTable({ waveId, dimension }: { waveId: bigint; dimension: Dimension }) {
  const q = useQuery(`monitor/${waveId}/${dimension}`, () => admin.getResponseMonitor({ waveId, dimension }));
  const rows = q.state === "ready" ? q.data.rows : [];
  const draw = useMemo(
    () => (p: typeof import("./plot"), width: number) =>
      p.ratePlot(
        rows.map((r) => ({
          day: r.day,
          segment: segmentLabel(r.segment),
          rate: r.counts?.responseRate ?? 0,
        })),
        width,
      ),
    [rows],
  );
  if (q.state === "loading") return <p class="loading">Loading the counts…</p>;
  if (q.state === "error") return <p role="alert">{message(q.error)}</p>;
  return (
    <section aria-labelledby="monitor-h">
      <h2 id="monitor-h">Responses by day</h2>
      {rows.length === 0 ? (
        <p>Nothing has been assigned in this wave yet.</p>
      ) : (
        <>
          <LazyPlot testid="monitor-chart" draw={draw} />
          <div class="table-wrap">
            <table data-testid="monitor">
              <caption class="sr-only">Counts per day and segment</caption>
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  <th scope="col">Segment</th>
                  <th scope="col" class="num">
                    Assigned
                  </th>
                  <th scope="col" class="num">
                    Pushed
                  </th>
                  <th scope="col" class="num">
                    Opened
                  </th>
                  <th scope="col" class="num">
                    Answered
                  </th>
                  <th scope="col" class="num">
                    Rate
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <Row key={rowKey(r)} r={r} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

// rowKey names a monitor row in the page (data-row), for links and tests.
export function rowKey(r: MonitorRow): string {
  return `${r.day}|${r.segment && r.segment.dimension !== Dimension.ALL ? r.segment.value : "all"}`;
}

function Row({ r }: { r: MonitorRow }) {
  const c = r.counts;
  return (
    <tr data-row={rowKey(r)}>
      <th scope="row">{r.day}</th>
      <td>{segmentLabel(r.segment)}</td>
      <td class="num" data-col="assigned">
        {c?.assigned ?? 0}
      </td>
      <td class="num" data-col="pushed">
        {c?.pushed ?? 0}
      </td>
      <td class="num" data-col="opened">
        {c?.opened ?? 0}
      </td>
      <td class="num" data-col="answered">
        {c?.answered ?? 0}
      </td>
      <td class="num" data-col="rate">
        {percent(c?.responseRate ?? 0)}
      </td>
    </tr>
  );
}

// Stopped lists the panellists with no answer on their last N assigned
// days that are over, a page at a time.
function Stopped({ waveId }: { waveId: bigint }) {
  const route = useRoute();
  const days = Math.min(60, Math.max(1, Number(route.query.get("days") ?? "3") || 3));
  const [pages, setPages] = useState<string[]>([""]);
  const setDays = (v: string) => {
    setPages([""]);
    go(href("monitor", [], { ...Object.fromEntries(route.query), days: v }));
  };
  return (
    <section aria-labelledby="stopped-h">
      <h2 id="stopped-h">Who stopped answering</h2>
      <p>
        <label>
          Panellists with no answer on their last{" "}
          <input
            type="number"
            name="days"
            min={1}
            max={60}
            value={days}
            onChange={(e) => setDays(e.currentTarget.value)}
          />{" "}
          assigned days that are over
        </label>
      </p>
      <div class="table-wrap">
        <table data-testid="stopped">
          <caption class="sr-only">Panellists who stopped answering</caption>
          <thead>
            <tr>
              <th scope="col">Panellist</th>
              <th scope="col">Business</th>
              <th scope="col">Sector</th>
              <th scope="col">Last answered</th>
            </tr>
          </thead>
          {pages.map((token, i) => (
            <StoppedPage
              key={`${days}/${token}`}
              waveId={waveId}
              days={days}
              token={token}
              more={i === pages.length - 1 ? (next) => setPages([...pages, next]) : undefined}
            />
          ))}
        </table>
      </div>
    </section>
  );
}

function StoppedPage({
  waveId,
  days,
  token,
  more,
}: {
  waveId: bigint;
  days: number;
  token: string;
  more?: (next: string) => void;
}) {
  const q = useQuery(`stopped/${waveId}/${days}/${token}`, () =>
    admin.listStoppedPanellists({ waveId, workingDays: days, pageSize: 25, pageToken: token }),
  );
  if (q.state === "loading")
    return (
      <tbody>
        <tr>
          <td colSpan={4}>Loading…</td>
        </tr>
      </tbody>
    );
  if (q.state === "error")
    return (
      <tbody>
        <tr>
          <td colSpan={4} role="alert">
            {message(q.error)}
          </td>
        </tr>
      </tbody>
    );
  const { panellists, nextPageToken } = q.data;
  return (
    <tbody>
      {panellists.length === 0 && token === "" && (
        <tr>
          <td colSpan={4}>Nobody has stopped answering.</td>
        </tr>
      )}
      {panellists.map((s) => (
        <tr key={String(s.id)} data-stopped={s.ref}>
          <th scope="row">
            {s.name}
            <span class="band">{s.ref}</span>
          </th>
          <td>{s.businessRef}</td>
          <td>{s.sector}</td>
          <td data-col="last">{s.lastAnsweredDay || "never"}</td>
        </tr>
      ))}
      {more && nextPageToken && (
        <tr>
          <td colSpan={4}>
            <button type="button" onClick={() => more(nextPageToken)}>
              Show more
            </button>
          </td>
        </tr>
      )}
    </tbody>
  );
}
