import { useState } from "preact/hooks";
import { observatory } from "../api";
import { useQuery } from "../store";
import { message } from "../../shared/errors";
import type { View } from "./state";

// Verbatims lists a free-text question's answers, page by page, only from
// the period and segment cells the disclosure rule shows.
export function Verbatims({ view }: { view: View }) {
  const [token, setToken] = useState("");
  const [trail, setTrail] = useState<string[]>([]);
  const key = `verbatims:${view.question}:${view.period}:${view.dimension}:${view.wave}:${token}`;
  const q = useQuery(key, () =>
    observatory.listVerbatims({
      questionKey: view.question,
      period: view.period,
      dimension: view.dimension,
      waveId: view.wave,
      pageSize: 50,
      pageToken: token,
    }),
  );
  return (
    <section aria-labelledby="verb-h" class="obs-verbatims">
      <h3 id="verb-h">What businesses wrote</h3>
      <p class="obs-warning" role="note">
        These are businesses' own words and may identify a firm: a sentence can name or describe it. Do not
        quote one outside the programme without checking.
      </p>
      {q.state === "loading" && <p class="loading">Loading the answers…</p>}
      {q.state === "error" && <p role="alert">{message(q.error)}</p>}
      {q.state === "ready" && (
        <>
          <p>
            Only answers from groups of at least {q.data.suppressionThreshold} businesses are shown.
            {q.data.withheldCells > 0 &&
              ` ${q.data.withheldCells} ${q.data.withheldCells === 1 ? "group is" : "groups are"} withheld (fewer than ${q.data.suppressionThreshold}, or protecting one that is).`}
          </p>
          {q.data.verbatims.length === 0 ? (
            <p>No answers can be shown for this choice of period and segment.</p>
          ) : (
            <ul class="obs-quotes" data-testid="verbatims">
              {q.data.verbatims.map((v) => (
                <li key={String(v.answerId)} data-answer={String(v.answerId)}>
                  <blockquote>{v.text}</blockquote>
                  <span class="obs-meta">
                    {v.segment} · {v.period}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <p class="obs-actions">
            {trail.length > 0 && (
              <button
                type="button"
                onClick={() => {
                  setToken(trail[trail.length - 1] ?? "");
                  setTrail(trail.slice(0, -1));
                }}
              >
                Previous page
              </button>
            )}
            {q.data.nextPageToken && (
              <button
                type="button"
                onClick={() => {
                  setTrail([...trail, token]);
                  setToken(q.data.nextPageToken);
                }}
              >
                Next page
              </button>
            )}
          </p>
        </>
      )}
    </section>
  );
}
