// How the panellist's sector and the whole panel answered a question they
// answered, from the same statistics and disclosure rules as every other
// output; a hidden result is explained in words.
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { GetSectorResultsResponse, ResultSummary } from "../gen/panelpulse/v1/panellist_pb";
import { message } from "../shared/errors";
import { panellist } from "./api";
import { describe } from "./draft";

export function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

function Summary(props: { s?: ResultSummary; threshold: number; scale: boolean }): JSX.Element {
  const { s, threshold } = props;
  if (!s) return <></>;
  if (s.suppressed) {
    return (
      <div class="summary suppressed">
        <h3>{s.label}</h3>
        <p>
          Not shown: fewer than {threshold} businesses in this group have answered so far, and a result from
          so few could tell who answered what.
        </p>
      </div>
    );
  }
  return (
    <div class="summary">
      <h3>{s.label}</h3>
      <p>{s.respondents} businesses answered.</p>
      {s.mean !== undefined && <p>Average: {s.mean.toFixed(1)}</p>}
      {s.shares.length > 0 && (
        <table>
          <caption class="sr-only">Share of businesses per answer</caption>
          <tbody>
            {s.shares.map((o) => (
              <tr>
                <th scope="row">{o.label}</th>
                <td>{pct(o.share)}</td>
                <td class="bar" aria-hidden="true">
                  <span style={{ width: pct(o.share) }} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function Results(props: { questionKey: string; onBack: () => void }): JSX.Element {
  const [r, setR] = useState<GetSectorResultsResponse | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    panellist
      .getSectorResults({ questionKey: props.questionKey })
      .then(setR, (e: unknown) => setError(message(e)));
  }, [props.questionKey]);
  return (
    <section aria-labelledby="results-title">
      <button type="button" class="link" onClick={props.onBack}>
        ← Back
      </button>
      <h1 id="results-title">How others answered</h1>
      {error && <p role="alert">{error}</p>}
      {r && (
        <>
          <h2>{r.question?.title}</h2>
          <p>
            Your answer on {r.day}: <strong>{describe(r.question?.spec, r.myAnswer)}</strong>
          </p>
          <div class="compare">
            <Summary s={r.sector} threshold={r.suppressionThreshold} scale />
            <Summary s={r.panel} threshold={r.suppressionThreshold} scale />
          </div>
        </>
      )}
    </section>
  );
}
