// The dashboard's charts, drawn with Observable Plot from the same Table
// the table view and the downloads use. Loaded on demand (only the
// console loads Plot). Colours are the Okabe-Ito palette, told apart with
// the common colour-vision deficiencies; every mark's <title> carries its
// numbers, and segments are small multiples named inside each panel, so a
// saved SVG or PNG needs no separate legend.
import * as Plot from "@observablehq/plot";
import { plotClass } from "../plot";
import { fmt, likertLabels, type Row, type Shape, type Table } from "./model";

// okabeIto is the Okabe-Ito palette (without black).
export const okabeIto = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442"];

const blue = "#0072B2";
const vermillion = "#D55E00";
const grey = "#777777";
// likertColours run from disagreement (vermillion, orange) through a
// neutral grey to agreement (sky blue, blue).
const likertColours = ["#D55E00", "#E69F00", "#BBBBBB", "#56B4E9", "#0072B2"];

// Mark is a chart's inputs beyond its table.
export type ChartInput = {
  shape: Shape;
  table: Table;
  threshold: number;
  // breaks are periods where a new question version starts.
  breaks: { period: string; label: string }[];
  width: number;
};

// ChartOut is the drawn chart and how many significant changes it marks.
export type ChartOut = { node: SVGSVGElement; marked: number };

const num = (r: Row, k: string): number | null => {
  const v = r[k];
  return typeof v === "number" ? v : null;
};
const str = (r: Row, k: string): string => String(r[k] ?? "");

function short(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

function clean<T extends Element>(node: T): T {
  for (const s of node.querySelectorAll("style")) s.remove();
  return node;
}

// titleOf is the tooltip and accessible text of one mark; the browser
// tests read them to check the chart against GetTrend.
export function titleOf(shape: Shape, r: Row, threshold: number): string {
  const where = `${str(r, "segment")} · ${str(r, "period")}`;
  if (str(r, "status") !== "shown") return `${where}: fewer than ${threshold}`;
  switch (shape) {
    case "mean":
      return `${where} · mean ${fmt("mean", num(r, "mean"))} (${fmt("mean", num(r, "ci_low"))} to ${fmt("mean", num(r, "ci_high"))}), ${fmt("count", num(r, "businesses"))} businesses, response rate ${fmt("share", num(r, "response_rate"))}`;
    case "shares":
      return `${where} · ${str(r, "option")}: ${fmt("share", num(r, "share"))} (${fmt("share", num(r, "ci_low"))} to ${fmt("share", num(r, "ci_high"))})`;
    case "ranking":
      return `${where} · ${str(r, "item")}: Borda ${fmt("mean", num(r, "borda"))}, mean rank ${fmt("mean", num(r, "mean_rank"))}, top-3 ${fmt("share", num(r, "top3_share"))}`;
    case "matrix":
      return `${where} · ${str(r, "row")}: mean ${fmt("mean", num(r, "mean"))} (${fmt("mean", num(r, "ci_low"))} to ${fmt("mean", num(r, "ci_high"))})`;
    case "likert":
      return `${where} · net agreement ${fmt("share", num(r, "net"))} (${fmt("share", num(r, "net_low"))} to ${fmt("share", num(r, "net_high"))})`;
  }
  return where;
}

// segLabel names a segment with its businesses and response rate, the
// response rate standing beside the estimates.
function segLabel(r: Row, threshold: number): string {
  if (str(r, "status") !== "shown") return `${str(r, "segment")} (fewer than ${threshold})`;
  return `${str(r, "segment")} (${fmt("count", num(r, "businesses"))} businesses, ${fmt("share", num(r, "response_rate"))} responded)`;
}

function segmentsOf(rows: Row[]): string[] {
  return [...new Set(rows.map((r) => str(r, "segment")))];
}

// panelName puts a small multiple's name inside its panel.
// The name starts at the chart's left edge and wraps within its width. A
// series over periods names only the segment (its counts differ by
// period; the table has them).
function panelNames(
  rows: Row[],
  threshold: number,
  fy: boolean,
  width: number,
  marginLeft: number,
  counts = true,
): Plot.Markish[] {
  if (!fy) return [];
  const first = new Map<string, Row>();
  for (const r of rows) if (!first.has(str(r, "segment"))) first.set(str(r, "segment"), r);
  return [
    Plot.text([...first.values()], {
      fy: "segment",
      text: (r: Row) => (counts ? segLabel(r, threshold) : str(r, "segment")),
      frameAnchor: "top-left",
      textAnchor: "start",
      dx: -marginLeft + 2,
      dy: -4,
      lineAnchor: "bottom",
      fontWeight: 600,
      lineWidth: Math.max(10, (width - 8) / 6.5),
    }),
  ];
}

function meanChart(inp: ChartInput): ChartOut {
  const { table, threshold, width } = inp;
  const rows = table.rows;
  const segs = segmentsOf(rows);
  const fy = segs.length > 1;
  const periods = [...new Set(rows.map((r) => str(r, "period")))];
  const every = Math.max(1, Math.ceil(periods.length / Math.max(2, Math.floor(width / 70))));
  const shownRows = rows.filter((r) => str(r, "status") === "shown" && num(r, "mean") !== null);
  const hidden = rows.filter((r) => str(r, "status") !== "shown");
  const significant = rows.filter((r) => r.significant === true);
  const f = fy ? { fy: "segment" } : {};
  const chart = Plot.plot({
    className: plotClass,
    width,
    height: (fy ? segs.length * 150 : 260) + 50,
    marginTop: 30,
    marginLeft: 44,
    marginBottom: 40,
    x: {
      type: "point",
      domain: periods,
      label: null,
      tickFormat: (p: string, i: number) => (i % every === 0 ? p : ""),
    },
    y: { grid: true, label: "Mean (band: 95% interval)" },
    fy: { axis: null, domain: segs, padding: 0.25 },
    marks: [
      Plot.frame({ stroke: "#ddd" }),
      ...panelNames(rows, threshold, fy, width, 44, false),
      Plot.areaY(rows, { x: "period", y1: "ci_low", y2: "ci_high", ...f, fill: blue, fillOpacity: 0.2 }),
      Plot.lineY(rows, { x: "period", y: "mean", ...f, stroke: blue, strokeWidth: 2 }),
      Plot.dot(shownRows, {
        x: "period",
        y: "mean",
        ...f,
        fill: blue,
        r: 3,
        title: (r: Row) => titleOf("mean", r, threshold),
      }),
      Plot.dot(significant, {
        x: "period",
        y: "mean",
        ...f,
        stroke: vermillion,
        strokeWidth: 2,
        r: 7,
        title: (r: Row) => `${titleOf("mean", r, threshold)}; significant change from the period before`,
      }),
      Plot.ruleX(hidden, { x: "period", ...f, stroke: grey, strokeDasharray: "2,3" }),
      Plot.text(hidden, {
        x: "period",
        ...f,
        text: () => `fewer than ${threshold}`,
        frameAnchor: "bottom",
        rotate: -90,
        textAnchor: "start",
        dx: -3,
        dy: -4,
        fill: grey,
        fontSize: 9,
        title: (r: Row) => titleOf("mean", r, threshold),
      }),
      ...breakMarks(inp, f),
    ],
  });
  return { node: clean(chart) as SVGSVGElement, marked: significant.length };
}

function breakMarks(inp: ChartInput, f: object): Plot.Markish[] {
  if (inp.breaks.length === 0) return [];
  return [
    Plot.ruleX(inp.breaks, { x: "period", ...f, stroke: "#000", strokeDasharray: "6,3" }),
    Plot.text(inp.breaks, {
      x: "period",
      ...f,
      text: "label",
      frameAnchor: "top",
      textAnchor: "start",
      dx: 3,
      dy: 4,
      fontSize: 10,
    }),
  ];
}

// barHeight sizes a chart of horizontal bars.
function barsHeight(groups: number, bars: number): number {
  return 60 + groups * 30 + bars * 22;
}

function sharesChart(inp: ChartInput): ChartOut {
  const { table, threshold, width } = inp;
  const rows = table.rows;
  const segs = segmentsOf(rows);
  const fy = segs.length > 1;
  const shown = rows.filter((r) => str(r, "status") === "shown");
  const hidden = rows.filter((r) => str(r, "status") !== "shown");
  const options = [...new Set(shown.map((r) => str(r, "option")))];
  const significant = shown.filter((r) => r.significant === true);
  const f = fy ? { fy: "segment" } : {};
  const marginLeft = Math.min(170, Math.round(width * 0.4));
  const chars = Math.floor(marginLeft / 6.2);
  const chart = Plot.plot({
    className: plotClass,
    width,
    marginLeft,
    marginRight: 16,
    marginTop: 36,
    height: barsHeight(segs.length, segs.length * Math.max(1, options.length)),
    x: {
      domain: [0, 1],
      grid: true,
      label: "Share of businesses (%), line: 95% interval",
      tickFormat: (v: number) => `${Math.round(v * 100)}`,
    },
    y: { domain: options, label: null, tickFormat: (s: string) => short(s, chars) },
    fy: { axis: null, domain: segs, padding: 0.3 },
    color: { domain: options, range: okabeIto },
    marks: [
      Plot.frame({ stroke: "#ddd" }),
      ...panelNames(rows, threshold, fy || hidden.length > 0, width, marginLeft),
      Plot.barX(shown, {
        x: "share",
        y: "option",
        ...f,
        fill: blue,
        insetTop: 3,
        insetBottom: 3,
        title: (r: Row) => titleOf("shares", r, threshold),
      }),
      Plot.ruleY(shown, { y: "option", x1: "ci_low", x2: "ci_high", ...f, stroke: "#000", strokeWidth: 1.5 }),
      Plot.dot(significant, { x: "share", y: "option", ...f, stroke: vermillion, strokeWidth: 2, r: 6 }),
      Plot.text(hidden, {
        ...f,
        text: () => `fewer than ${threshold}`,
        frameAnchor: "middle",
        fill: grey,
        title: (r: Row) => titleOf("shares", r, threshold),
      }),
    ],
  });
  return { node: clean(chart) as SVGSVGElement, marked: significant.length };
}

type Piece = { segment: string; label: string; code: number; x1: number; x2: number; share: number };

function likertChart(inp: ChartInput): ChartOut {
  const { table, threshold, width } = inp;
  const rows = table.rows;
  const shown = rows.filter((r) => str(r, "status") === "shown");
  const hidden = rows.filter((r) => str(r, "status") !== "shown");
  const pieces: Piece[] = [];
  for (const r of shown) {
    const s = (i: number) => num(r, `share_${i}`) ?? 0;
    // Disagreement to the left of zero, agreement to the right, the
    // neutral point split across it.
    const order: [number, number, number][] = [
      [3, -s(3) / 2, s(3) / 2],
      [2, -s(3) / 2 - s(2), -s(3) / 2],
      [1, -s(3) / 2 - s(2) - s(1), -s(3) / 2 - s(2)],
      [4, s(3) / 2, s(3) / 2 + s(4)],
      [5, s(3) / 2 + s(4), s(3) / 2 + s(4) + s(5)],
    ];
    for (const [code, x1, x2] of order) {
      pieces.push({
        segment: segLabel(r, threshold),
        label: likertLabels[code - 1] ?? "",
        code,
        x1,
        x2,
        share: s(code),
      });
    }
  }
  const segLabels = rows.map((r) => segLabel(r, threshold));
  const legendH = 40;
  const marginLeft = Math.min(190, Math.round(width * 0.42));
  const chars = Math.floor(marginLeft / 6.2);
  const chart = Plot.plot({
    className: plotClass,
    width,
    marginLeft,
    marginRight: 60,
    marginTop: legendH,
    height: 70 + legendH + rows.length * 44,
    x: {
      domain: [-1, 1],
      grid: true,
      label: "← disagree · share of businesses (%) · agree →",
      tickFormat: (v: number) => `${Math.round(Math.abs(v) * 100)}`,
    },
    y: { domain: segLabels, label: null, tickFormat: (s: string) => short(s, chars) },
    color: { domain: likertLabels, range: likertColours },
    marks: [
      Plot.barX(pieces, {
        x1: "x1",
        x2: "x2",
        y: "segment",
        fill: "label",
        insetTop: 6,
        insetBottom: 6,
        title: (p: Piece) => `${p.segment} · ${p.label}: ${fmt("share", p.share)}`,
      }),
      Plot.ruleX([0]),
      Plot.text(shown, {
        x: 1,
        y: (r: Row) => segLabel(r, threshold),
        text: (r: Row) =>
          `net ${(num(r, "net") ?? 0) >= 0 ? "+" : ""}${Math.round((num(r, "net") ?? 0) * 100)}%`,
        textAnchor: "start",
        dx: 4,
        fontWeight: 600,
        title: (r: Row) => titleOf("likert", r, threshold),
      }),
      Plot.text(hidden, {
        x: 0,
        y: (r: Row) => segLabel(r, threshold),
        text: () => `fewer than ${threshold}`,
        fill: grey,
        title: (r: Row) => titleOf("likert", r, threshold),
      }),
      // The legend, inside the chart so a saved image keeps it.
      Plot.dot(likertLabels, {
        x: (_: string, i: number) => -1 + i * 0.42,
        frameAnchor: "top",
        dy: -legendH + 10,
        fill: (l: string) => l,
        symbol: "square",
        r: 5,
      }),
      Plot.text(likertLabels, {
        x: (_: string, i: number) => -1 + i * 0.42,
        frameAnchor: "top",
        dy: -legendH + 24,
        text: (l: string) => l,
        fontSize: 9,
        lineWidth: 6,
      }),
    ],
  });
  return { node: clean(chart) as SVGSVGElement, marked: 0 };
}

function rankingChart(inp: ChartInput): ChartOut {
  const { table, threshold, width } = inp;
  const rows = table.rows;
  const segs = segmentsOf(rows);
  const shown = rows.filter((r) => str(r, "status") === "shown");
  const hidden = rows.filter((r) => str(r, "status") !== "shown");
  const items = [...new Set(shown.map((r) => str(r, "item")))];
  const total = new Map<string, number>();
  for (const r of shown) total.set(str(r, "item"), (total.get(str(r, "item")) ?? 0) + (num(r, "borda") ?? 0));
  items.sort((a, b) => (total.get(b) ?? 0) - (total.get(a) ?? 0));
  const marginLeft = Math.min(170, Math.round(width * 0.38));
  const chars = Math.floor(marginLeft / 6.2);
  const max = Math.max(1, ...shown.map((r) => num(r, "borda") ?? 0));
  const chart = Plot.plot({
    className: plotClass,
    width,
    marginLeft,
    marginRight: 16,
    marginTop: 36,
    height: barsHeight(segs.length, segs.length * Math.max(1, items.length)),
    x: { domain: [0, max * 1.5], grid: true, label: "Borda score (label: mean rank · top-3 share)" },
    y: { domain: items, label: null, tickFormat: (s: string) => short(s, chars) },
    fy: { axis: null, domain: segs, padding: 0.3 },
    marks: [
      Plot.frame({ stroke: "#ddd" }),
      ...panelNames(rows, threshold, true, width, marginLeft),
      Plot.barX(shown, {
        x: "borda",
        y: "item",
        fy: "segment",
        fill: blue,
        insetTop: 3,
        insetBottom: 3,
        title: (r: Row) => titleOf("ranking", r, threshold),
      }),
      Plot.text(shown, {
        x: "borda",
        y: "item",
        fy: "segment",
        text: (r: Row) => `${fmt("mean", num(r, "mean_rank"))} · ${fmt("share", num(r, "top3_share"))}`,
        textAnchor: "start",
        dx: 4,
        fontSize: 10,
      }),
      Plot.text(hidden, {
        fy: "segment",
        text: () => `fewer than ${threshold}`,
        frameAnchor: "middle",
        fill: grey,
        title: (r: Row) => titleOf("ranking", r, threshold),
      }),
    ],
  });
  return { node: clean(chart) as SVGSVGElement, marked: 0 };
}

function matrixChart(inp: ChartInput): ChartOut {
  const { table, threshold, width } = inp;
  const rows = table.rows;
  const segs = segmentsOf(rows);
  const shown = rows.filter((r) => str(r, "status") === "shown");
  const hidden = rows.filter((r) => str(r, "status") !== "shown");
  const labels = [...new Set(rows.map((r) => str(r, "row")).filter((l) => l !== ""))];
  const significant = shown.filter((r) => r.significant === true);
  const marginLeft = Math.min(170, Math.round(width * 0.4));
  const chars = Math.floor(marginLeft / 6.2);
  const chart = Plot.plot({
    className: plotClass,
    width,
    marginLeft,
    marginRight: 16,
    marginTop: 36,
    height: barsHeight(segs.length, segs.length * Math.max(1, labels.length)),
    x: { grid: true, label: "Mean rating (line: 95% interval)" },
    y: { domain: labels, label: null, tickFormat: (s: string) => short(s, chars) },
    fy: { axis: null, domain: segs, padding: 0.3 },
    marks: [
      Plot.frame({ stroke: "#ddd" }),
      ...panelNames(rows, threshold, true, width, marginLeft),
      Plot.ruleY(shown, {
        y: "row",
        x1: "ci_low",
        x2: "ci_high",
        fy: "segment",
        stroke: blue,
        strokeWidth: 2,
      }),
      Plot.dot(shown, {
        x: "mean",
        y: "row",
        fy: "segment",
        fill: blue,
        r: 4,
        title: (r: Row) => titleOf("matrix", r, threshold),
      }),
      Plot.dot(significant, { x: "mean", y: "row", fy: "segment", stroke: vermillion, strokeWidth: 2, r: 7 }),
      Plot.text(
        hidden.filter((r) => str(r, "row") !== ""),
        {
          y: "row",
          fy: "segment",
          text: () => `fewer than ${threshold}`,
          frameAnchor: "left",
          dx: 4,
          fill: grey,
          title: (r: Row) => titleOf("matrix", r, threshold),
        },
      ),
      Plot.text(
        hidden.filter((r) => str(r, "row") === ""),
        {
          fy: "segment",
          text: () => `fewer than ${threshold}`,
          frameAnchor: "middle",
          fill: grey,
          title: (r: Row) => titleOf("matrix", r, threshold),
        },
      ),
    ],
  });
  return { node: clean(chart) as SVGSVGElement, marked: significant.length };
}

// draw draws the chart of a shape.
export function draw(inp: ChartInput): ChartOut | null {
  if (inp.table.rows.length === 0) return null;
  switch (inp.shape) {
    case "mean":
      return meanChart(inp);
    case "shares":
      return sharesChart(inp);
    case "likert":
      return likertChart(inp);
    case "ranking":
      return rankingChart(inp);
    case "matrix":
      return matrixChart(inp);
  }
  return null;
}
