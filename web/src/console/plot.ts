// Charts with Observable Plot, kept to this module so that only the
// console loads Plot, and only when a chart is drawn.
//
// Plot adds a <style> element to each chart. The Content-Security-Policy
// forbids inline styles, so charts are drawn with a fixed class name, the
// <style> elements are removed before the chart enters the page, and the
// same rules live in console.css (".pp-plot").
import * as Plot from "@observablehq/plot";
import type { CoverageStratum } from "../gen/panelpulse/v1/admin_pb";

export const plotClass = "pp-plot";

// Okabe-Ito colours: told apart with the common colour-vision deficiencies.
const panelColour = "#0072B2";
const targetColour = "#D55E00";

function withoutInlineStyle<T extends Element>(node: T): T {
  for (const s of node.querySelectorAll("style")) s.remove();
  return node;
}

// coveragePlot is a bullet chart: per stratum a bar for the panel's
// businesses and a tick at the proportional target, so a bar short of its
// tick is where recruitment falls short.
export function coveragePlot(strata: CoverageStratum[], width: number): Element {
  const rows = strata
    .filter((s) => s.inFrame)
    .map((s) => ({
      stratum: `${s.sector}\n${s.sizeBand}`,
      panel: s.panelBusinesses,
      target: s.targetBusinesses,
    }));
  const marginLeft = Math.min(200, Math.round(width * 0.42));
  const chart = Plot.plot({
    className: plotClass,
    width,
    marginLeft,
    height: 50 + rows.length * 32,
    x: { label: "Businesses on the panel (bar) and proportional target (tick)", grid: true },
    y: { label: null, domain: rows.map((r) => r.stratum) },
    marks: [
      Plot.axisY({ tickSize: 0 }),
      Plot.barX(rows, { x: "panel", y: "stratum", fill: panelColour, insetTop: 4, insetBottom: 4 }),
      Plot.tickX(rows, { x: "target", y: "stratum", stroke: targetColour, strokeWidth: 3 }),
      Plot.ruleX([0]),
    ],
  });
  return withoutInlineStyle(chart);
}

// Response monitor and push delivery charts; Okabe-Ito colours.
const colours = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

export type RatePoint = { day: string; segment: string; rate: number };

// ratePlot draws the response rate per day, one line per segment.
export function ratePlot(points: RatePoint[], width: number): Element {
  const segments = [...new Set(points.map((p) => p.segment))];
  const chart = Plot.plot({
    className: plotClass,
    width,
    height: 260,
    marginBottom: 40,
    x: { label: null, type: "band", tickRotate: width < 500 ? -45 : 0 },
    y: { label: "Response rate (%)", domain: [0, 100], grid: true },
    color: { domain: segments, range: colours, legend: segments.length > 1 },
    marks: [
      Plot.ruleY([0]),
      Plot.lineY(points, { x: "day", y: (p: RatePoint) => p.rate * 100, stroke: "segment" }),
      Plot.dot(points, { x: "day", y: (p: RatePoint) => p.rate * 100, fill: "segment", r: 3 }),
    ],
  });
  return withoutInlineStyle(chart);
}

export type OutcomeBar = { day: string; kind: string; outcome: string; pushes: number };

const outcomes = ["sent", "failed", "cancelled", "queued"];
const outcomeColours = ["#009E73", "#D55E00", "#999999", "#56B4E9"];

// outcomePlot stacks, per day and kind of push (first push, reminder), the
// pushes by outcome.
export function outcomePlot(bars: OutcomeBar[], width: number): Element {
  const chart = Plot.plot({
    className: plotClass,
    width,
    height: 300,
    marginBottom: 50,
    fx: { label: null, tickRotate: width < 500 ? -45 : 0 },
    x: { axis: null, domain: ["first push", "reminder"] },
    y: { label: "Pushes", grid: true },
    color: { domain: outcomes, range: outcomeColours },
    marks: [
      Plot.barY(bars, { fx: "day", x: "kind", y: "pushes", fill: "outcome", order: outcomes, title: "kind" }),
      Plot.ruleY([0]),
    ],
  });
  return withoutInlineStyle(chart);
}
