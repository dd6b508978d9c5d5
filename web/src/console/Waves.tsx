// Waves is a month calendar of the programme: working days, weekends,
// bank holidays and closure days, and for each working day what every
// wave sends to whom (from PreviewWave, the daily cap counted). A day
// starts a new wave (#waves/new?start=DAY); a wave is edited or cancelled
// at #waves/ID (WaveForm).
import { admin } from "./api";
import { useQuery } from "./store";
import { href, useRoute } from "./route";
import { message } from "../shared/errors";
import { segmentLabel } from "./segments";
import { WaveForm } from "./WaveForm";
import { DayKind, WaveStatus, type Wave } from "../gen/panelpulse/v1/admin_pb";

const pad = (n: number) => String(n).padStart(2, "0");
const iso = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

// monthDays are the first and last day of "YYYY-MM".
function monthDays(month: string): [string, string] {
  const [y = 2000, m = 1] = month.split("-").map(Number);
  return [iso(new Date(Date.UTC(y, m - 1, 1))), iso(new Date(Date.UTC(y, m, 0)))];
}

function shift(month: string, by: number): string {
  const [y = 2000, m = 1] = month.split("-").map(Number);
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
}

export const statusNames: Record<WaveStatus, string> = {
  [WaveStatus.UNSPECIFIED]: "",
  [WaveStatus.PLANNED]: "planned",
  [WaveStatus.RUNNING]: "running",
  [WaveStatus.FINISHED]: "finished",
  [WaveStatus.CANCELLED]: "cancelled",
};

export function Waves() {
  const r = useRoute();
  if (r.rest[0]) return <WaveForm key={r.rest[0]} id={r.rest[0]} start={r.query.get("start") ?? ""} />;
  const month = r.query.get("month");
  if (month && /^\d{4}-\d{2}$/.test(month)) return <Month month={month} />;
  return <ThisMonth />;
}

// ThisMonth finds the programme's today (its time zone, its clock).
function ThisMonth() {
  const probe = iso(new Date());
  const q = useQuery(`waves/today/${probe}`, () =>
    admin.getWorkingCalendar({ fromDay: probe, toDay: probe }),
  );
  if (q.state === "loading") return <p class="loading">Loading the calendar…</p>;
  if (q.state === "error") return <p role="alert">{message(q.error)}</p>;
  return <Month month={q.data.today.slice(0, 7)} />;
}

type Send = { wave: Wave; key: string; who: string; n: number };

function Month({ month }: { month: string }) {
  const [from, to] = monthDays(month);
  const cal = useQuery(`waves/calendar/${month}`, () =>
    admin.getWorkingCalendar({ fromDay: from, toDay: to }),
  );
  const waves = useQuery("waves/list", () => admin.listWaves({ pageSize: 100 }));
  const shown =
    waves.state === "ready"
      ? waves.data.waves.filter(
          (w) => w.status !== WaveStatus.CANCELLED && w.startDate <= to && w.endDate >= from,
        )
      : [];
  const ids = shown.map((w) => String(w.id)).join(",");
  const previews = useQuery(`waves/previews/${ids}`, () =>
    Promise.all(shown.map((w) => admin.previewWave({ waveId: w.id }))),
  );
  if (cal.state === "error") return <p role="alert">{message(cal.error)}</p>;
  if (waves.state === "error") return <p role="alert">{message(waves.error)}</p>;
  if (previews.state === "error") return <p role="alert">{message(previews.error)}</p>;
  if (cal.state !== "ready" || waves.state !== "ready" || previews.state !== "ready")
    return <p class="loading">Loading the calendar…</p>;
  const sends = new Map<string, Send[]>();
  previews.data.forEach((p, i) => {
    const wave = shown[i];
    if (!wave) return;
    for (const it of p.items) {
      const list = sends.get(it.day) ?? [];
      const half = it.split ? ` (half ${it.split})` : "";
      list.push({ wave, key: it.questionKey, who: segmentLabel(it.segment) + half, n: it.panellists });
      sends.set(it.day, list);
    }
  });
  const first = cal.data.days[0];
  const lead = first ? (new Date(`${first.day}T00:00:00Z`).getUTCDay() + 6) % 7 : 0;
  const title = new Date(`${from}T00:00:00Z`).toLocaleDateString("en-GB", {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
  return (
    <>
      <div class="toolbar">
        <a href={href("waves", [], { month: shift(month, -1) })} aria-label="Previous month">
          ‹ Previous
        </a>
        <h2 class="month-title" data-testid="month">
          {title}
        </h2>
        <a href={href("waves", [], { month: shift(month, 1) })} aria-label="Next month">
          Next ›
        </a>
        <a class="button" href={href("waves", ["new"])}>
          New wave
        </a>
      </div>
      <p data-testid="cap">
        Each panellist gets at most {cal.data.dailyCap} question{cal.data.dailyCap === 1 ? "" : "s"} a day;
        counts below are with the panel as it is now, that cap counted.
      </p>
      <ol class="calendar" data-testid="calendar" aria-label={title}>
        {["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].map((d) => (
          <li class="weekday" aria-hidden="true">
            {d}
          </li>
        ))}
        {Array.from({ length: lead }, () => (
          <li class="pad" aria-hidden="true" />
        ))}
        {cal.data.days.map((d) => {
          const kind =
            d.kind === DayKind.WEEKEND
              ? "weekend"
              : d.kind === DayKind.BANK_HOLIDAY
                ? "holiday"
                : d.kind === DayKind.CLOSURE
                  ? "closure"
                  : "working";
          const list = sends.get(d.day) ?? [];
          return (
            <li
              class={`day ${kind}${d.day === cal.data.today ? " today" : ""}`}
              data-day={d.day}
              data-kind={kind}
            >
              <div class="day-head">
                <span class="date">{Number(d.day.slice(8))}</span>
                <span class="sr-only">{d.day}</span>
                {kind === "holiday" && <span class="tag">Bank holiday: {d.name}</span>}
                {kind === "closure" && <span class="tag">Closed{d.name ? `: ${d.name}` : ""}</span>}
                {kind === "weekend" && <span class="tag">Weekend</span>}
              </div>
              <ul class="sends">
                {list.map((s) => (
                  <li data-wave={String(s.wave.id)}>
                    <a href={href("waves", [String(s.wave.id)])}>{s.wave.name}</a>: {s.key} to {s.who},{" "}
                    <span class="n">{s.n}</span> panellist{s.n === 1 ? "" : "s"}
                  </li>
                ))}
              </ul>
              {kind === "working" && d.day >= cal.data.today && (
                <a class="start" href={href("waves", ["new"], { start: d.day })}>
                  Start a wave<span class="sr-only"> on {d.day}</span>
                </a>
              )}
            </li>
          );
        })}
      </ol>
      <h3>Waves</h3>
      <div class="table-wrap">
        <table data-testid="wave-list">
          <thead>
            <tr>
              <th scope="col">Wave</th>
              <th scope="col">Runs</th>
              <th scope="col">Status</th>
              <th scope="col" class="num">
                Assigned
              </th>
            </tr>
          </thead>
          <tbody>
            {waves.data.waves.map((w) => (
              <tr data-wave={String(w.id)}>
                <th scope="row">
                  <a href={href("waves", [String(w.id)])}>{w.name}</a>
                </th>
                <td>
                  {w.startDate} to {w.endDate}
                </td>
                <td data-col="status">{statusNames[w.status]}</td>
                <td class="num">{w.assignments}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
