// The dashboard's view is its URL: #observatory/QUESTION?period=week&...
// so a view can be shared as a link and the back button walks the filters.
import { Dimension } from "../../gen/panelpulse/v1/segment_pb";
import { Period } from "../../gen/panelpulse/v1/observatory_pb";
import { href, type Route } from "../route";

// View is every choice the analyst makes on the dashboard.
export type View = {
  question: string;
  period: Period;
  dimension: Dimension;
  wave: bigint;
  weighted: boolean;
  from: string;
  to: string;
  // at is the period the bar charts show ("" is the latest shown).
  at: string;
};

export const periods: [Period, string, string][] = [
  [Period.DAY, "day", "Day"],
  [Period.WEEK, "week", "Week"],
  [Period.WAVE, "wave", "Wave"],
];

export const dimensions: [Dimension, string, string][] = [
  [Dimension.ALL, "all", "All businesses"],
  [Dimension.SECTOR, "sector", "Sector"],
  [Dimension.SIZE_BAND, "size_band", "Size band"],
  [Dimension.DISTRICT, "district", "District"],
  [Dimension.ROLE, "role", "Respondent's role"],
  [Dimension.SECTOR_SIZE, "sector_size", "Sector × size band"],
  [Dimension.SECTOR_ROLE, "sector_role", "Sector × role"],
];

function lookup<T>(table: [T, string, string][], name: string | null, fallback: T): T {
  return table.find((r) => r[1] === name)?.[0] ?? fallback;
}

// nameOf is the URL (and export) name of a period or dimension.
export function nameOf<T>(table: [T, string, string][], v: T): string {
  return table.find((r) => r[0] === v)?.[1] ?? "";
}

// labelOf is how a period or dimension is named on screen.
export function labelOf<T>(table: [T, string, string][], v: T): string {
  return table.find((r) => r[0] === v)?.[2] ?? "";
}

const day = /^\d{4}-\d{2}-\d{2}$/;

// viewOf reads the view from the route.
export function viewOf(r: Route): View {
  const q = r.query;
  const wave = q.get("wave") ?? "";
  return {
    question: r.rest[0] ?? "",
    period: lookup(periods, q.get("period"), Period.WEEK),
    dimension: lookup(dimensions, q.get("segment"), Dimension.ALL),
    wave: /^\d+$/.test(wave) ? BigInt(wave) : 0n,
    weighted: q.get("weighted") === "true",
    from: day.test(q.get("from") ?? "") ? (q.get("from") ?? "") : "",
    to: day.test(q.get("to") ?? "") ? (q.get("to") ?? "") : "",
    at: q.get("at") ?? "",
  };
}

// linkOf is the URL of a view; defaults are left out so links stay short.
export function linkOf(v: View): string {
  const q: Record<string, string> = {
    period: nameOf(periods, v.period),
    segment: nameOf(dimensions, v.dimension),
  };
  if (v.wave !== 0n) q.wave = String(v.wave);
  if (v.weighted) q.weighted = "true";
  if (v.from) q.from = v.from;
  if (v.to) q.to = v.to;
  if (v.at) q.at = v.at;
  return href("observatory", v.question ? [v.question] : [], q);
}
