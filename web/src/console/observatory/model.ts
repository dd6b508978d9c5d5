// The dashboard's tables: what GetTrend answers, laid out for one question
// type as rows and columns. The chart, the table view and the CSV and JSON
// downloads are all drawn from the same Table, so they cannot disagree.
import type { GetTrendResponse, TrendCell } from "../../gen/panelpulse/v1/observatory_pb";
import { QuestionType } from "../../gen/panelpulse/v1/question_pb";

// Kind says how a column's values are written on screen.
export type Kind = "text" | "count" | "mean" | "share" | "p" | "flag";

export type Col = { key: string; label: string; kind: Kind };

export type Value = string | number | boolean | null;

export type Row = Record<string, Value>;

// Table is one view's numbers. Suppressed rows carry null values.
export type Table = { columns: Col[]; rows: Row[] };

// Shape is the chart a question type gets.
export type Shape = "mean" | "shares" | "likert" | "ranking" | "matrix" | "text";

export function shapeOf(t: QuestionType): Shape {
  switch (t) {
    case QuestionType.SCALE:
    case QuestionType.NUMBER:
      return "mean";
    case QuestionType.SINGLE_CHOICE:
    case QuestionType.MULTIPLE_CHOICE:
      return "shares";
    case QuestionType.LIKERT:
      return "likert";
    case QuestionType.RANKING:
      return "ranking";
    case QuestionType.MATRIX:
      return "matrix";
  }
  return "text";
}

// likertLabels name the five Likert points, codes 1 to 5.
export const likertLabels = ["Strongly disagree", "Disagree", "Neither", "Agree", "Strongly agree"];

// fmt writes a value as the table shows it.
export function fmt(kind: Kind, v: Value): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "boolean") return v ? "yes" : "";
  if (typeof v === "string") return v;
  switch (kind) {
    case "mean":
      return v.toFixed(2);
    case "share":
      return `${(v * 100).toFixed(1)}%`;
    case "p":
      return v.toFixed(3);
    case "count":
      return String(Math.round(v));
  }
  return String(v);
}

const opt = (v: number | undefined): number | null => (v === undefined ? null : v);

const head: Col[] = [
  { key: "period", label: "Period", kind: "text" },
  { key: "segment", label: "Segment", kind: "text" },
  { key: "status", label: "Shown", kind: "text" },
  { key: "businesses", label: "Businesses", kind: "count" },
  { key: "assigned", label: "Asked", kind: "count" },
  { key: "response_rate", label: "Response rate", kind: "share" },
];

// status words a cell's disclosure state: a suppressed cell names the
// tenant's threshold and nothing else.
export function status(c: TrendCell, threshold: number): string {
  return c.suppressed ? `fewer than ${threshold}` : "shown";
}

function base(c: TrendCell, threshold: number): Row {
  return {
    period: c.period,
    segment: c.segment,
    status: status(c, threshold),
    businesses: c.suppressed ? null : c.respondents,
    assigned: c.suppressed ? null : c.assigned,
    response_rate: c.suppressed ? null : opt(c.responseRate),
  };
}

// inRange keeps the cells of the date range (periods starting in it;
// a wave has no start and is always kept).
export function inRange(cells: TrendCell[], from: string, to: string): TrendCell[] {
  return cells.filter(
    (c) => c.periodStart === "" || ((!from || c.periodStart >= from) && (!to || c.periodStart <= to)),
  );
}

// periodsOf lists the periods of the cells in order.
export function periodsOf(cells: TrendCell[]): string[] {
  return [...new Set(cells.map((c) => c.period))];
}

// latestShown is the last period with a shown cell.
export function latestShown(cells: TrendCell[]): string {
  const shown = cells.filter((c) => !c.suppressed);
  return shown.length ? (shown[shown.length - 1]?.period ?? "") : (cells[cells.length - 1]?.period ?? "");
}

// tableOf lays out the trend's cells (already filtered) for its shape. The
// bar shapes take one period, at.
export function tableOf(tr: GetTrendResponse, cells: TrendCell[], at: string): Table {
  const th = tr.suppressionThreshold;
  const shape = shapeOf(tr.question?.spec?.type ?? QuestionType.UNSPECIFIED);
  const one = cells.filter((c) => c.period === at);
  switch (shape) {
    case "mean":
      return {
        columns: [
          ...head,
          { key: "mean", label: "Mean", kind: "mean" },
          { key: "ci_low", label: "95% low", kind: "mean" },
          { key: "ci_high", label: "95% high", kind: "mean" },
          { key: "median", label: "Median", kind: "mean" },
          { key: "n_eff", label: "Effective n", kind: "mean" },
          { key: "change", label: "Change", kind: "mean" },
          { key: "change_p", label: "p", kind: "p" },
          { key: "significant", label: "Significant change", kind: "flag" },
        ],
        rows: cells.map((c) => ({
          ...base(c, th),
          mean: opt(c.mean),
          ci_low: opt(c.ciLow),
          ci_high: opt(c.ciHigh),
          median: opt(c.median),
          n_eff: c.suppressed ? null : c.nEff,
          change: c.meanChange?.tested ? c.meanChange.difference : null,
          change_p: c.meanChange?.tested ? c.meanChange.pValue : null,
          significant: c.meanChange?.tested ? c.meanChange.significant : null,
          period_start: c.periodStart,
        })),
      };
    case "shares":
      return {
        columns: [
          ...head,
          { key: "option", label: "Option", kind: "text" },
          { key: "share", label: "Share", kind: "share" },
          { key: "ci_low", label: "95% low", kind: "share" },
          { key: "ci_high", label: "95% high", kind: "share" },
          { key: "change", label: "Change", kind: "share" },
          { key: "significant", label: "Significant change", kind: "flag" },
        ],
        rows: one.flatMap((c) =>
          (c.suppressed ? [undefined] : c.shares).map((s, i) => {
            const ch = s ? c.shareChanges[i] : undefined;
            return {
              ...base(c, th),
              option: s ? s.label || String(s.code) : "",
              code: s ? s.code : null,
              share: s ? s.share : null,
              ci_low: s ? s.ciLow : null,
              ci_high: s ? s.ciHigh : null,
              change: ch?.tested ? ch.difference : null,
              significant: ch?.tested ? ch.significant : null,
            };
          }),
        ),
      };
    case "likert":
      return {
        columns: [
          ...head,
          ...likertLabels.map((l, i) => ({ key: `share_${i + 1}`, label: l, kind: "share" as Kind })),
          { key: "net", label: "Net agreement", kind: "share" },
          { key: "net_low", label: "95% low", kind: "share" },
          { key: "net_high", label: "95% high", kind: "share" },
        ],
        rows: one.map((c) => {
          const r: Row = base(c, th);
          likertLabels.forEach((_, i) => {
            const s = c.shares.find((x) => x.code === i + 1);
            r[`share_${i + 1}`] = c.suppressed || !s ? null : s.share;
          });
          r.net = c.suppressed ? null : opt(c.netAgreement?.estimate);
          r.net_low = c.suppressed ? null : opt(c.netAgreement?.lower);
          r.net_high = c.suppressed ? null : opt(c.netAgreement?.upper);
          return r;
        }),
      };
    case "ranking":
      return {
        columns: [
          ...head,
          { key: "item", label: "Item", kind: "text" },
          { key: "mean_rank", label: "Mean rank", kind: "mean" },
          { key: "borda", label: "Borda score", kind: "mean" },
          { key: "top3_share", label: "Top-3 share", kind: "share" },
        ],
        rows: one.flatMap((c) =>
          (c.suppressed ? [undefined] : c.ranks).map((r) => ({
            ...base(c, th),
            item: r ? r.label : "",
            code: r ? r.code : null,
            mean_rank: r && r.meanRank > 0 ? r.meanRank : null,
            borda: r ? r.borda : null,
            top3_share: r ? r.top3Share : null,
          })),
        ),
      };
    case "matrix":
      return {
        columns: [
          ...head,
          { key: "row", label: "Row", kind: "text" },
          { key: "row_businesses", label: "Rated by", kind: "count" },
          { key: "mean", label: "Mean", kind: "mean" },
          { key: "ci_low", label: "95% low", kind: "mean" },
          { key: "ci_high", label: "95% high", kind: "mean" },
          { key: "change", label: "Change", kind: "mean" },
          { key: "significant", label: "Significant change", kind: "flag" },
        ],
        rows: one.flatMap((c) =>
          (c.suppressed ? [undefined] : c.rows).map((r) => {
            const hidden = !r || r.suppressed;
            return {
              ...base(c, th),
              status: c.suppressed || !r ? status(c, th) : r.suppressed ? `fewer than ${th}` : "shown",
              row: r ? r.label : "",
              code: r ? r.code : null,
              row_businesses: hidden ? null : r.respondents,
              mean: hidden ? null : opt(r.mean),
              ci_low: hidden ? null : opt(r.ciLow),
              ci_high: hidden ? null : opt(r.ciHigh),
              change: !hidden && r.meanChange?.tested ? r.meanChange.difference : null,
              significant: !hidden && r.meanChange?.tested ? r.meanChange.significant : null,
            };
          }),
        ),
      };
  }
  return { columns: head, rows: cells.map((c) => base(c, th)) };
}

// csvOf writes a table as CSV: the table's columns, raw numbers, empty
// for no value. Text that a spreadsheet would run as a formula is quoted
// as the server's exports do.
export function csvOf(t: Table): string {
  const cell = (v: Value): string => {
    if (v === null || v === undefined) return "";
    let s = String(v);
    if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [t.columns.map((c) => c.key).join(",")];
  for (const r of t.rows) lines.push(t.columns.map((c) => cell(r[c.key] ?? null)).join(","));
  return lines.join("\n") + "\n";
}
