import { useEffect, useRef, useState } from "preact/hooks";
import { roundtables } from "./api";
import { useQuery } from "./store";
import { href } from "./route";
import { message } from "../shared/errors";
import type { Side, WatchResultsResponse } from "../gen/panelpulse/v1/roundtable_pb";
import { sideText, signed } from "./rtformat";

// Projector is the view for the wall: the statement in large type and, as
// the disclosure rules release them, the agree/disagree bars of the room
// and of the panel apart with n and the net agreement's interval, live
// from WatchResults. Full screen on request.
export function Projector({ roundtableId, findingId }: { roundtableId: number; findingId: number }) {
  const f = useQuery(`rt/finding/${findingId}`, () =>
    roundtables.getFinding({ findingId: BigInt(findingId) }),
  );
  const [live, setLive] = useState<WatchResultsResponse | undefined>();
  const [error, setError] = useState("");
  const wall = useRef<HTMLElement>(null);
  useEffect(() => {
    const stop = new AbortController();
    (async () => {
      try {
        for await (const m of roundtables.watchResults(
          { findingId: BigInt(findingId) },
          { signal: stop.signal },
        )) {
          setLive(m);
        }
      } catch (err) {
        if (!stop.signal.aborted) setError(message(err));
      }
    })();
    return () => stop.abort();
  }, [findingId]);
  if (f.state === "loading") return <p class="loading">Loading the finding…</p>;
  if (f.state === "error") return <p role="alert">{message(f.error)}</p>;
  const threshold = live?.threshold ?? 0;
  return (
    <>
      <p class="no-print">
        <a href={href("roundtables", [String(roundtableId)])}>Back to the roundtable</a>{" "}
        <button type="button" id="projector-full" onClick={() => void wall.current?.requestFullscreen()}>
          Full screen
        </button>
      </p>
      <section ref={wall} id="projector" class="projector" aria-live="polite">
        <p id="projector-statement" class="projector-statement">
          {f.data.finding?.statement}
        </p>
        {live && (
          <p class="projector-total">
            {live.suppressed ? (
              <span id="projector-n" data-n="0">
                Fewer than {threshold} answers so far
              </span>
            ) : (
              <span id="projector-n" data-n={String(live.respondents)}>
                n = {live.respondents} · net agreement {signed(live.netAgreement ?? 0)} (95% interval{" "}
                {signed(live.netCiLow)} to {signed(live.netCiHigh)})
              </span>
            )}
            {live.testClosed && <span class="closed"> · test closed</span>}
          </p>
        )}
        <Bars id="side-room" name="In the room" side={live?.room} threshold={threshold} />
        <Bars id="side-panel" name="Across the panel" side={live?.panel} threshold={threshold} />
        <p class="legend">
          <span class="key disagree" /> Disagree <span class="key agree" /> Agree
        </p>
      </section>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </>
  );
}

// Bars is one side's diverging bar: disagree to the left of the middle,
// agree to the right, each its share of the side's released answers.
function Bars({ id, name, side, threshold }: { id: string; name: string; side?: Side; threshold: number }) {
  const n = side?.respondents ?? 0;
  const pct = (v: number) => `${Math.round(v * 100)}%`;
  return (
    <div id={id} class="side" data-n={String(n)}>
      <p class="side-name">{name}</p>
      <div class="diverging" aria-hidden="true">
        <div class="half left">
          <div class="bar disagree" style={{ width: n ? pct(side?.disagree ?? 0) : "0%" }} />
        </div>
        <div class="half right">
          <div class="bar agree" style={{ width: n ? pct(side?.agree ?? 0) : "0%" }} />
        </div>
      </div>
      <p class="side-text">
        {n > 0 && side
          ? `${Math.round(side.disagree * 100)}% disagree · ${Math.round(side.agree * 100)}% agree · `
          : ""}
        {sideText(side, threshold)}
      </p>
    </div>
  );
}
