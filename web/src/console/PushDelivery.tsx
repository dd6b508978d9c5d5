import { useMemo } from "preact/hooks";
import { admin } from "./api";
import { useQuery } from "./store";
import { message } from "../shared/errors";
import type { PushDayStats } from "../gen/panelpulse/v1/admin_pb";
import type { PushOutcomes } from "../gen/panelpulse/v1/counts_pb";
import { LazyPlot } from "./LazyPlot";
import { WavePicker, useWave } from "./WavePicker";

const kinds: { kind: string; label: string; of: (d: PushDayStats) => PushOutcomes | undefined }[] = [
  { kind: "first", label: "First push", of: (d) => d.firstPushes },
  { kind: "adhoc", label: "Ad-hoc push", of: (d) => d.adHocPushes },
  { kind: "reminder", label: "Reminder", of: (d) => d.reminders },
];

// minutes shows the median time to answer, "–" when nobody answered after a push.
const minutes = (s: number, answered: number): string => (answered > 0 ? (s / 60).toFixed(1) : "–");

// PushDelivery is the admin's push delivery screen: per day of a wave what
// became of the first pushes, ad-hoc pushes and reminders (a chart and a
// table), what they led to by the shared count definitions, and the
// panellists no push can reach.
export function PushDelivery() {
  const { waveId } = useWave();
  return (
    <>
      <p>
        Each panellist gets one first push a day, a second for ad-hoc questions added after it, and a reminder
        only after the first push reached the phone.
      </p>
      <div class="controls">
        <WavePicker section="pushes" waveId={waveId} />
      </div>
      {waveId === undefined ? (
        <p>No wave is running today: choose a wave by its number.</p>
      ) : (
        <Stats waveId={waveId} />
      )}
    </>
  );
}

function Stats({ waveId }: { waveId: bigint }) {
  const q = useQuery(`pushes/${waveId}`, () => admin.getPushStats({ waveId }));
  const days = q.state === "ready" ? q.data.days : [];
  const draw = useMemo(
    () => (p: typeof import("./plot"), width: number) =>
      p.outcomePlot(
        days.flatMap((d) =>
          [
            { kind: "first push", o: d.firstPushes },
            { kind: "reminder", o: d.reminders },
          ].flatMap(({ kind, o }) => [
            { day: d.day, kind, outcome: "sent", pushes: o?.sent ?? 0 },
            { day: d.day, kind, outcome: "failed", pushes: o?.failed ?? 0 },
            { day: d.day, kind, outcome: "cancelled", pushes: o?.cancelled ?? 0 },
            { day: d.day, kind, outcome: "queued", pushes: o?.queued ?? 0 },
          ]),
        ),
        width,
      ),
    [days],
  );
  if (q.state === "loading") return <p class="loading">Loading the push statistics…</p>;
  if (q.state === "error") return <p role="alert">{message(q.error)}</p>;
  return (
    <>
      <section aria-labelledby="outcomes-h">
        <h2 id="outcomes-h">Pushes by outcome</h2>
        {days.length === 0 ? (
          <p>No push has been made for this wave yet.</p>
        ) : (
          <>
            <p>
              Per day, first pushes (left bar) and reminders (right bar): sent in green, failed in orange,
              cancelled in grey, queued in blue.
            </p>
            <LazyPlot testid="push-chart" draw={draw} />
            <div class="table-wrap">
              <table data-testid="push-outcomes">
                <caption class="sr-only">Pushes per day and kind by outcome</caption>
                <thead>
                  <tr>
                    <th scope="col">Day</th>
                    <th scope="col">Push</th>
                    <th scope="col" class="num">
                      Sent
                    </th>
                    <th scope="col" class="num">
                      Failed
                    </th>
                    <th scope="col" class="num">
                      Cancelled
                    </th>
                    <th scope="col" class="num">
                      Queued
                    </th>
                    <th scope="col" class="num">
                      Opened
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {days.flatMap((d) =>
                    kinds.map(({ kind, label, of }) => {
                      const o = of(d);
                      return (
                        <tr key={`${d.day}|${kind}`} data-row={`${d.day}|${kind}`}>
                          <th scope="row">{d.day}</th>
                          <td>{label}</td>
                          <td class="num" data-col="sent">
                            {o?.sent ?? 0}
                          </td>
                          <td class="num" data-col="failed">
                            {o?.failed ?? 0}
                          </td>
                          <td class="num" data-col="cancelled">
                            {o?.cancelled ?? 0}
                          </td>
                          <td class="num" data-col="queued">
                            {o?.queued ?? 0}
                          </td>
                          <td class="num" data-col="opened">
                            {o?.opened ?? 0}
                          </td>
                        </tr>
                      );
                    }),
                  )}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
      {days.length > 0 && (
        <section aria-labelledby="led-h">
          <h2 id="led-h">What the pushes led to</h2>
          <div class="table-wrap">
            <table data-testid="push-counts">
              <caption class="sr-only">Questions per day pushed, opened and answered after the push</caption>
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  <th scope="col" class="num">
                    Assigned
                  </th>
                  <th scope="col" class="num">
                    Pushed
                  </th>
                  <th scope="col" class="num">
                    Reminded
                  </th>
                  <th scope="col" class="num">
                    Opened
                  </th>
                  <th scope="col" class="num">
                    Answered after push
                  </th>
                  <th scope="col" class="num">
                    Median minutes
                  </th>
                </tr>
              </thead>
              <tbody>
                {days.map((d) => (
                  <tr key={d.day} data-row={d.day}>
                    <th scope="row">{d.day}</th>
                    <td class="num" data-col="assigned">
                      {d.counts?.assigned ?? 0}
                    </td>
                    <td class="num" data-col="pushed">
                      {d.counts?.pushed ?? 0}
                    </td>
                    <td class="num" data-col="reminded">
                      {d.counts?.reminded ?? 0}
                    </td>
                    <td class="num" data-col="opened">
                      {d.counts?.opened ?? 0}
                    </td>
                    <td class="num" data-col="answered-after-push">
                      {d.counts?.answeredAfterPush ?? 0}
                    </td>
                    <td class="num" data-col="median">
                      {minutes(d.counts?.medianSecondsToAnswer ?? 0, d.counts?.answeredAfterPush ?? 0)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      <section aria-labelledby="unreachable-h">
        <h2 id="unreachable-h">No push can reach</h2>
        {q.data.unreachable.length === 0 ? (
          <p>Every panellist has a working device.</p>
        ) : (
          <ul data-testid="unreachable">
            {q.data.unreachable.map((u) => (
              <li key={String(u.id)} data-unreachable={u.ref}>
                {u.name} ({u.ref})
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
