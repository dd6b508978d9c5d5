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
const targetColour = "#E69F00";

function withoutInlineStyle<T extends Element>(node: T): T {
  for (const s of node.querySelectorAll("style")) s.remove();
  return node;
}

export function coveragePlot(strata: CoverageStratum[], width: number): Element {
  const rows = strata
    .filter((s) => s.inFrame)
    .flatMap((s) => {
      const stratum = `${s.sector} · ${s.sizeBand}`;
      return [
        { stratum, series: "Panel", businesses: s.panelBusinesses },
        { stratum, series: "Target", businesses: s.targetBusinesses },
      ];
    });
  const chart = Plot.plot({
    className: plotClass,
    width,
    marginLeft: Math.min(220, Math.round(width * 0.45)),
    x: { label: "Businesses", grid: true },
    y: { label: null },
    fy: { label: null },
    color: { domain: ["Panel", "Target"], range: [panelColour, targetColour], legend: false },
    marks: [
      Plot.barX(rows, { x: "businesses", y: "series", fy: "stratum", fill: "series" }),
      Plot.ruleX([0]),
    ],
    facet: { data: rows, y: "stratum", marginLeft: Math.min(220, Math.round(width * 0.45)) },
  });
  return withoutInlineStyle(chart);
}
