import { useMemo, useState } from "preact/hooks";
import { observatory } from "../api";
import { useQuery } from "../store";
import { go, href, useRoute } from "../route";
import { message } from "../../shared/errors";
import type { GetTrendResponse, ObservatoryWave, TrendCell } from "../../gen/panelpulse/v1/observatory_pb";
import { Period } from "../../gen/panelpulse/v1/observatory_pb";
import { Dimension } from "../../gen/panelpulse/v1/segment_pb";
import type { Question } from "../../gen/panelpulse/v1/question_pb";
import { Browse, latest } from "./Browse";
import { Chart } from "./Chart";
import { TableView } from "./TableView";
import { Verbatims } from "./Verbatims";
import { csvOf, inRange, latestShown, periodsOf, shapeOf, tableOf, type Table } from "./model";
import { saveBlob, saveExport } from "./save";
import { dimensions, labelOf, linkOf, nameOf, periods, viewOf, type View } from "./state";

// Observatory is the analyst's section: the question bank by theme, and
// for a chosen question its dashboard (#observatory/KEY?filters).
export function Observatory() {
  const route = useRoute();
  const view = viewOf(route);
  const q = useQuery("codebook", () => observatory.listCodebook({}));
  if (q.state === "loading") return <p class="loading">Loading the question bank…</p>;
  if (q.state === "error") return <p role="alert">{message(q.error)}</p>;
  const questions = latest(q.data.questions);
  const keep = route.query.toString() ? Object.fromEntries(route.query) : {};
  const question = questions.find((x) => x.key === view.question);
  if (!question) {
    return (
      <>
        {view.question && <p role="alert">There is no question “{view.question}” in the bank.</p>}
        <Browse questions={questions} query={keep} />
        <CodebookDownload />
      </>
    );
  }
  return <Dashboard question={question} view={view} waves={q.data.waves} />;
}

function CodebookDownload() {
  const [error, setError] = useState("");
  return (
    <p class="obs-actions">
      <button
        type="button"
        onClick={async () => setError(await saveExport("/export/v1/codebook.csv", "codebook.csv"))}
      >
        Download the codebook (CSV)
      </button>
      {error && (
        <span role="alert" class="error">
          {error}
        </span>
      )}
    </p>
  );
}

// weightingNote says in plain words how the estimates count businesses.
export function weightingNote(view: View, tr: GetTrendResponse | undefined): string {
  if (!view.weighted) {
    return "Unweighted: every business that answered counts the same, so sectors and size bands that answer more count for more than they are among the area's businesses.";
  }
  if (tr?.weighted) {
    return "Weighted: answers are adjusted so that each sector and each size band counts as it does among the area's businesses (the population frame).";
  }
  return `Not weighted, although weighting was asked for: ${tr?.weightNote || "the population frame could not be used"}. Every business that answered counts the same.`;
}

// breaksOf places the start of each later question version on the period
// holding its first day.
function breaksOf(tr: GetTrendResponse, cells: TrendCell[]): { period: string; label: string }[] {
  const starts = tr.versionStarts.slice(1);
  const out: { period: string; label: string }[] = [];
  for (const v of starts) {
    let at = "";
    for (const c of cells) if (c.periodStart !== "" && c.periodStart <= v.firstDay) at = c.period;
    if (at) out.push({ period: at, label: `version ${v.version}` });
  }
  return out;
}

// Filters are the view's choices; free text (text) is read by wave, period
// and segment only: it has no date range and no weights.
function Filters({
  view,
  waves,
  periodsShown,
  text = false,
}: {
  view: View;
  waves: ObservatoryWave[];
  periodsShown: string[] | null;
  text?: boolean;
}) {
  const set = (patch: Partial<View>) => go(linkOf({ ...view, ...patch }));
  return (
    <form class="obs-filters" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
      <label>
        Wave
        <select
          value={String(view.wave)}
          onChange={(e) => set({ wave: BigInt(e.currentTarget.value), at: "" })}
          data-filter="wave"
        >
          <option value="0">All waves</option>
          {waves.map((w) => (
            <option key={String(w.id)} value={String(w.id)}>
              {w.name} ({w.startDate} to {w.endDate})
            </option>
          ))}
        </select>
      </label>
      <label>
        Period
        <select
          value={nameOf(periods, view.period)}
          onChange={(e) =>
            set({ period: periods.find((p) => p[1] === e.currentTarget.value)?.[0] ?? Period.WEEK, at: "" })
          }
          data-filter="period"
        >
          {periods.map(([p, n, l]) => (
            <option key={n} value={n} selected={p === view.period}>
              {l}
            </option>
          ))}
        </select>
      </label>
      <label>
        Segments
        <select
          value={nameOf(dimensions, view.dimension)}
          onChange={(e) =>
            set({ dimension: dimensions.find((d) => d[1] === e.currentTarget.value)?.[0] ?? Dimension.ALL })
          }
          data-filter="segment"
        >
          {dimensions.map(([d, n, l]) => (
            <option key={n} value={n} selected={d === view.dimension}>
              {l}
            </option>
          ))}
        </select>
      </label>
      {!text && (
        <>
          <label>
            From
            <input
              type="date"
              value={view.from}
              onChange={(e) => set({ from: e.currentTarget.value, at: "" })}
              data-filter="from"
            />
          </label>
          <label>
            To
            <input
              type="date"
              value={view.to}
              onChange={(e) => set({ to: e.currentTarget.value, at: "" })}
              data-filter="to"
            />
          </label>
        </>
      )}
      {periodsShown && (
        <label>
          Period shown
          <select value={view.at} onChange={(e) => set({ at: e.currentTarget.value })} data-filter="at">
            <option value="">Latest</option>
            {periodsShown.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
      )}
      {!text && (
        <label class="obs-check">
          <input
            type="checkbox"
            checked={view.weighted}
            onChange={(e) => set({ weighted: e.currentTarget.checked })}
            data-filter="weighted"
          />
          Weight to the population frame
        </label>
      )}
    </form>
  );
}

function Dashboard({ question, view, waves }: { question: Question; view: View; waves: ObservatoryWave[] }) {
  const shape = shapeOf(question.spec?.type ?? 0);
  const back = href("observatory");
  return (
    <section aria-labelledby="q-h" class="obs-dashboard">
      <p>
        <a href={back}>← All questions</a>
      </p>
      <h2 id="q-h">{question.title}</h2>
      <p class="obs-wording" data-testid="wording">
        {question.wording}
      </p>
      {shape === "text" ? (
        <>
          <Filters view={view} waves={waves} periodsShown={null} text />
          <Verbatims view={view} />
        </>
      ) : (
        <Trend question={question} view={view} waves={waves} />
      )}
    </section>
  );
}

function Trend({ question, view, waves }: { question: Question; view: View; waves: ObservatoryWave[] }) {
  const shape = shapeOf(question.spec?.type ?? 0);
  const key = `trend:${question.key}:${view.period}:${view.dimension}:${view.wave}:${view.weighted}`;
  const q = useQuery(key, () =>
    observatory.getTrend({
      questionKey: question.key,
      period: view.period,
      dimension: view.dimension,
      waveId: view.wave,
      weighted: view.weighted,
    }),
  );
  const tr = q.state === "ready" ? q.data : undefined;
  const cells = useMemo(() => (tr ? inRange(tr.cells, view.from, view.to) : []), [tr, view.from, view.to]);
  const bars = shape !== "mean";
  const ps = periodsOf(cells);
  const at = view.at && ps.includes(view.at) ? view.at : latestShown(cells);
  const table = useMemo<Table | null>(() => (tr ? tableOf(tr, cells, at) : null), [tr, cells, at]);
  const input = useMemo(
    () =>
      tr && table
        ? {
            shape,
            table,
            threshold: tr.suppressionThreshold,
            breaks: shape === "mean" ? breaksOf(tr, cells) : [],
            width: 0,
          }
        : null,
    [tr, table, cells, shape],
  );
  const name = [question.key, nameOf(periods, view.period), nameOf(dimensions, view.dimension)]
    .concat(view.weighted ? ["weighted"] : [], bars && at ? [at] : [])
    .join("-");
  const [error, setError] = useState("");
  const onScreen = (kind: "csv" | "json") => {
    if (!tr || !table) return;
    if (kind === "csv") {
      saveBlob(new Blob([csvOf(table)], { type: "text/csv" }), `${name}.csv`);
      return;
    }
    const doc = {
      question_key: question.key,
      question_title: question.title,
      period: nameOf(periods, view.period),
      segment: nameOf(dimensions, view.dimension),
      wave_id: Number(view.wave),
      from: view.from,
      to: view.to,
      period_shown: bars ? at : "",
      weighting_requested: view.weighted,
      weighted: tr.weighted,
      weight_note: tr.weightNote,
      suppression_threshold: tr.suppressionThreshold,
      columns: table.columns.map((c) => c.key),
      rows: table.rows.map((r) => Object.fromEntries(table.columns.map((c) => [c.key, r[c.key] ?? null]))),
    };
    saveBlob(new Blob([JSON.stringify(doc, null, 2)], { type: "application/json" }), `${name}.json`);
  };
  const micro = async (ext: "csv" | "parquet") =>
    setError(
      await saveExport(
        `/export/v1/microdata.${ext}?question=${encodeURIComponent(question.key)}`,
        `${question.key}-microdata.${ext}`,
      ),
    );
  return (
    <>
      <Filters view={view} waves={waves} periodsShown={bars ? ps : null} />
      <p class="obs-weighting" data-testid="weighting-note">
        {weightingNote(view, tr)}
      </p>
      {q.state === "loading" && <p class="loading">Loading the trend…</p>}
      {q.state === "error" && <p role="alert">{message(q.error)}</p>}
      {tr && table && input && (
        <>
          <p class="obs-about">
            {labelOf(dimensions, view.dimension)} by {labelOf(periods, view.period).toLowerCase()}
            {bars && at ? `, ${at}` : ""}. Cells of fewer than {tr.suppressionThreshold} businesses are not
            shown (nor cells that would reveal one); the chart leaves a gap labelled “fewer than{" "}
            {tr.suppressionThreshold}”.
            {shape === "likert" && " Net agreement is the share agreeing minus the share disagreeing."}
            {shape === "ranking" &&
              " Borda: each business gives its first choice most points; the label gives the mean rank and the share ranking the item in its top three."}
          </p>
          {tr.versionStarts.length > 1 && (
            <p class="obs-about" data-testid="versions">
              The wording changed during this series:{" "}
              {tr.versionStarts
                .slice(1)
                .map((v) => `version ${v.version} from ${v.firstDay}`)
                .join(", ")}
              .{shape === "mean" ? " A dashed line marks each change on the chart." : ""}
            </p>
          )}
          {table.rows.length === 0 ? (
            <p>No answers in this choice of wave and dates.</p>
          ) : (
            <>
              <Chart input={input} name={name} />
              <details class="obs-table" open>
                <summary>Table of the chart's numbers</summary>
                <TableView table={table} caption={`${question.title}: the chart's numbers`} />
              </details>
            </>
          )}
          <p class="obs-actions" aria-label="Downloads">
            <button type="button" onClick={() => onScreen("csv")} data-download="csv">
              Download this table (CSV)
            </button>
            <button type="button" onClick={() => onScreen("json")} data-download="json">
              Download this table (JSON)
            </button>
            <button type="button" onClick={() => void micro("csv")} data-download="microdata-csv">
              Micro-data (CSV)
            </button>
            <button type="button" onClick={() => void micro("parquet")} data-download="microdata-parquet">
              Micro-data (Parquet)
            </button>
          </p>
          {error && (
            <p role="alert" class="error">
              {error}
            </p>
          )}
          <CodebookDownload />
        </>
      )}
    </>
  );
}
