// The findings the panellist helped test, each with its outcome in plain
// words: still being tested, or the verdict with the whole panel's net
// agreement (hidden, and said so, when too few businesses answered).
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { ListMyFindingsResponse, MyFinding } from "../gen/panelpulse/v1/panellist_pb";
import { FindingStatus } from "../gen/panelpulse/v1/roundtable_pb";
import { message } from "../shared/errors";
import { panellist } from "./api";
import { pct } from "./Results";

const verdicts: Partial<Record<FindingStatus, string>> = {
  [FindingStatus.VALIDATED]: "The panel agreed",
  [FindingStatus.REFUTED]: "The panel disagreed",
  [FindingStatus.INCONCLUSIVE]: "The panel gave no clear answer",
};

function outcome(f: MyFinding, threshold: number): string {
  const verdict = verdicts[f.status];
  const e = f.evidence;
  if (!verdict || !e) return "Still being tested";
  if (e.suppressed || e.netAgreement === undefined) {
    return `${verdict}. The figures are not shown: fewer than ${threshold} businesses answered, and a result from so few could tell who answered what.`;
  }
  return `${verdict}: ${pct(e.netAgreement)} net agreement from ${e.respondents} businesses (95% interval ${pct(e.netAgreementLow)} to ${pct(e.netAgreementHigh)}).`;
}

export function Findings(): JSX.Element {
  const [r, setR] = useState<ListMyFindingsResponse | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    panellist.listMyFindings({}).then(setR, (e: unknown) => setError(message(e)));
  }, []);
  if (!error && !r?.findings.length) return <></>;
  return (
    <section id="findings" aria-labelledby="findings-title">
      <h2 id="findings-title">Findings you helped test</h2>
      {error && <p role="alert">{error}</p>}
      <ul class="history">
        {r?.findings.map((f) => (
          <li data-finding={String(f.id)}>
            <p class="title">“{f.statement}”</p>
            <p class="outcome">{outcome(f, r.suppressionThreshold)}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
