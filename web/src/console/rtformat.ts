// Words and figures the facilitator's screens share: statuses, reach,
// evidence, and the CSV of a roundtable's summary.
import {
  FindingStatus,
  type Evidence,
  type Finding,
  type Reach,
  type Side,
} from "../gen/panelpulse/v1/roundtable_pb";

export const statusName: Record<FindingStatus, string> = {
  [FindingStatus.UNSPECIFIED]: "Unknown",
  [FindingStatus.DRAFT]: "Draft",
  [FindingStatus.TESTING]: "Under test",
  [FindingStatus.VALIDATED]: "Validated",
  [FindingStatus.REFUTED]: "Refuted",
  [FindingStatus.INCONCLUSIVE]: "Inconclusive",
};

// signed is a net agreement (-1..1) in points: "+40", "-12", "0".
export function signed(v: number): string {
  const n = Math.round(v * 100);
  return n > 0 ? `+${n}` : String(n);
}

// reachText says whom a test reaches, now and later.
export function reachText(r: Reach): string {
  const parts = [`${r.now} of ${r.targeted} get it now (${r.day})`];
  if (r.later > 0) parts.push(`${r.later} later, from ${r.laterDay}`);
  if (r.moved > 0) parts.push(`${r.moved} wave questions move to a later day`);
  if (r.dropped > 0) parts.push(`${r.dropped} wave questions are dropped (their wave has ended)`);
  return parts.join("; ") + ".";
}

// sideText is one side's released result in words.
export function sideText(s: Side | undefined, threshold: number): string {
  if (!s || s.respondents === 0) {
    return s?.suppressed ? `Fewer than ${threshold} answers so far` : "No answers yet";
  }
  const net = s.netAgreement ?? 0;
  return `n = ${s.respondents}: net agreement ${signed(net)} (95% interval ${signed(s.ciLow)} to ${signed(s.ciHigh)})`;
}

// evidenceText is a verdict's evidence in words.
export function evidenceText(e: Evidence | undefined): string {
  if (!e) return "";
  if (e.suppressed || e.netAgreement === undefined) {
    return `Fewer than ${e.threshold} respondents: no figures are shown.`;
  }
  return `n = ${e.respondents}, net agreement ${signed(e.netAgreement)} (95% interval ${signed(e.ciLow)} to ${signed(e.ciHigh)}). Room: ${sideText(e.room, e.threshold)}. Panel: ${sideText(e.panel, e.threshold)}.`;
}

// latestVerdict is the finding's last stored verdict with its evidence.
export function latestVerdict(f: Finding) {
  for (let i = f.history.length - 1; i >= 0; i--) {
    const ev = f.history[i];
    if (ev && ev.evidence) return ev;
  }
  return undefined;
}

function cell(v: string | number | bigint): string {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

// summaryCSV is a roundtable's findings with their verdicts and evidence.
export function summaryCSV(findings: Finding[]): string {
  const head = [
    "finding_id",
    "statement",
    "status",
    "respondents",
    "net_agreement",
    "ci_low",
    "ci_high",
    "room_n",
    "room_net_agreement",
    "panel_n",
    "panel_net_agreement",
  ];
  const rows = findings.map((f) => {
    const e = latestVerdict(f)?.evidence;
    const shown = e && !e.suppressed && e.netAgreement !== undefined;
    const side = (s: Side | undefined): [string | number, string | number] =>
      s && s.respondents > 0 ? [s.respondents, (s.netAgreement ?? 0).toFixed(3)] : ["", ""];
    return [
      f.id,
      f.statement,
      statusName[f.status],
      shown ? e.respondents : "",
      shown ? (e.netAgreement ?? 0).toFixed(3) : "",
      shown ? e.ciLow.toFixed(3) : "",
      shown ? e.ciHigh.toFixed(3) : "",
      ...side(e?.room),
      ...side(e?.panel),
    ];
  });
  return [head, ...rows].map((r) => r.map(cell).join(",")).join("\n") + "\n";
}
