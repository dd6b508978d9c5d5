// Today's questions with the wave's progress. An answer is kept on the
// phone first (outbox) and sent at once when online; the server's sentence
// for a broken rule is shown under the question. An answer can be changed
// until the question closes: each send is a new revision.
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { Assignment, GetTodayResponse } from "../gen/panelpulse/v1/panellist_pb";
import { message } from "../shared/errors";
import { panellist } from "./api";
import { draftOf, valueOf, type Draft } from "./draft";
import { keep, pending, pendingValue, send, type Outcome, type Pending } from "./outbox";
import { QuestionControls } from "./QuestionControls";
import { JoinRoom } from "./Room";

type Status = { kind: "saved" | "kept" | "error"; text: string };

function closes(a: Assignment): string {
  if (!a.closesAt) return "";
  const d = timestampDate(a.closesAt);
  return d.toLocaleString("en-GB", { weekday: "long", hour: "2-digit", minute: "2-digit" });
}

function Card(props: {
  a: Assignment;
  kept?: Pending;
  onSent: (o: Outcome[]) => void;
  onResults: (key: string) => void;
}): JSX.Element {
  const { a, kept } = props;
  const q = a.question;
  const spec = q?.spec;
  const [draft, setDraft] = useState<Draft | null>(null);
  const [status, setStatus] = useState<Status | null>(
    kept ? { kind: "kept", text: "Kept on this phone: it will be sent when you are back online." } : null,
  );
  const [busy, setBusy] = useState(false);
  // sent counts finished sends, so a reader (or a test) can tell a new
  // outcome from the last one.
  const [sent, setSent] = useState(0);
  if (!q || !spec) return <></>;
  const d = draft ?? draftOf(spec, kept ? pendingValue(kept) : a.answer);
  const id = `a${a.id}`;
  const answered = a.revision > 0;

  async function submit(e: Event) {
    e.preventDefault();
    if (!spec) return;
    setBusy(true);
    try {
      await keep(a.id, valueOf(spec, d));
      let out: Outcome[];
      try {
        out = await send();
      } catch {
        setStatus({ kind: "kept", text: "Kept on this phone: it will be sent when you are back online." });
        return;
      }
      const mine = out.filter((o) => o.assignmentId === a.id.toString()).pop();
      if (mine?.ok) {
        setStatus({
          kind: "saved",
          text: `Saved (answer ${mine.revision ?? 1}). You can change it until it closes.`,
        });
        setDraft(null);
      } else if (mine) setStatus({ kind: "error", text: mine.message ?? "The answer was not accepted." });
      props.onSent(out);
    } catch (err) {
      setStatus({ kind: "error", text: message(err) });
    } finally {
      setBusy(false);
      setSent((n) => n + 1);
    }
  }

  return (
    <article class="question" data-question={q.key} data-assignment={a.id.toString()} data-sent={sent}>
      <form onSubmit={submit} noValidate>
        <h2 id={`${id}-title`}>{q.title}</h2>
        <p class="wording">{q.wording}</p>
        <QuestionControls id={id} spec={spec} draft={d} set={setDraft} />
        {status && (
          <p class={`status ${status.kind}`} role={status.kind === "error" ? "alert" : "status"}>
            {status.text}
          </p>
        )}
        <div class="actions">
          <button type="submit" disabled={busy}>
            {answered || status?.kind === "saved" ? "Change answer" : "Send answer"}
          </button>
          {(answered || status?.kind === "saved") && (
            <button type="button" class="link" onClick={() => props.onResults(q.key)}>
              How others answered
            </button>
          )}
        </div>
        <p class="closes">Open until {closes(a)}</p>
      </form>
    </article>
  );
}

export function Today(props: { onResults: (key: string) => void; room: string }): JSX.Element {
  const [today, setToday] = useState<GetTodayResponse | null>(null);
  const [error, setError] = useState("");
  const [kept, setKept] = useState<Pending[]>([]);
  const [gen, setGen] = useState(0);
  // refused are answers kept offline that the server turned down when
  // they were sent (closed beyond the grace period, a broken rule).
  const [refused, setRefused] = useState<Outcome[]>([]);

  async function load() {
    try {
      const sent = await send().catch(() => []);
      setKept(await pending());
      setToday(await panellist.getToday({}));
      setError("");
      // Answers kept offline went out: show the cards afresh.
      if (sent.length > 0) {
        setRefused(sent.filter((o) => !o.ok));
        setGen((g) => g + 1);
      }
    } catch (err) {
      setKept(await pending());
      setError(message(err));
    }
  }

  useEffect(() => {
    void load();
    const again = () => void load();
    window.addEventListener("online", again);
    const visible = () => {
      if (document.visibilityState === "visible") again();
    };
    document.addEventListener("visibilitychange", visible);
    // A phone can say it is online before its connection works: while
    // answers wait, try again now and then.
    const retry = window.setInterval(() => {
      if (navigator.onLine) void pending().then((p) => p.length > 0 && again());
    }, 30_000);
    return () => {
      window.removeEventListener("online", again);
      document.removeEventListener("visibilitychange", visible);
      window.clearInterval(retry);
    };
  }, []);

  if (!today) return <p role={error ? "alert" : "status"}>{error || "Loading today's questions…"}</p>;
  const p = today.progress;
  return (
    <section aria-labelledby="today-title">
      <h1 id="today-title">Today</h1>
      {p && p.ofDays > 0 && (
        <p class="progress" id="progress">
          Day {p.day} of {p.ofDays}
          {p.streak > 0 ? ` · ${p.streak}-day streak` : ""}
        </p>
      )}
      {error && <p class="status error">{error}</p>}
      {refused.length > 0 && (
        <div class="refused" role="alert" id="refused">
          <p>
            {refused.length === 1 ? "An answer" : `${refused.length} answers`} given offline could not be
            stored:
          </p>
          <ul>
            {refused.map((o) => (
              <li>{o.message}</li>
            ))}
          </ul>
        </div>
      )}
      {today.assignments.length === 0 && <p id="nothing">No questions are open for you now. Thank you!</p>}
      {today.assignments.map((a) => (
        <Card
          key={`${a.id}-${gen}`}
          a={a}
          kept={kept.filter((k) => k.assignmentId === a.id.toString()).pop()}
          onResults={props.onResults}
          onSent={() => {
            void (async () => {
              setKept(await pending());
              try {
                setToday(await panellist.getToday({}));
              } catch {
                // Offline again: the kept copy stays on screen.
              }
            })();
          }}
        />
      ))}
      <button
        type="button"
        id="check"
        class="link"
        onClick={() => void load().then(() => setGen((g) => g + 1))}
      >
        Check for new questions
      </button>
      <JoinRoom code={props.room} onJoined={() => void load().then(() => setGen((g) => g + 1))} />
    </section>
  );
}
