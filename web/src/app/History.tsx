// The panellist's past answers, newest first, each with a way to see how
// others answered, and the outcome of the findings they helped test.
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { HistoryItem } from "../gen/panelpulse/v1/panellist_pb";
import { message } from "../shared/errors";
import { panellist } from "./api";
import { describe } from "./draft";
import { Findings } from "./Findings";

export function History(props: { onResults: (key: string) => void }): JSX.Element {
  const [items, setItems] = useState<HistoryItem[] | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    panellist.listHistory({ pageSize: 100 }).then(
      (r) => setItems(r.items),
      (e: unknown) => setError(message(e)),
    );
  }, []);
  return (
    <section aria-labelledby="history-title">
      <h1 id="history-title">Your answers</h1>
      {error && <p role="alert">{error}</p>}
      {items?.length === 0 && <p>You have not answered any questions yet.</p>}
      <ul class="history">
        {items?.map((i) => (
          <li data-question={i.question?.key}>
            <p class="day">
              {i.day}
              {i.revision > 1 ? ` · changed (answer ${i.revision})` : ""}
            </p>
            <p class="title">{i.question?.title}</p>
            <p class="answer">{describe(i.question?.spec, i.answer)}</p>
            <button type="button" class="link" onClick={() => props.onResults(i.question?.key ?? "")}>
              How others answered
            </button>
          </li>
        ))}
      </ul>
      <Findings />
    </section>
  );
}
