import { useState } from "preact/hooks";
import { roundtables } from "./api";
import { invalidate, useQuery } from "./store";
import { href } from "./route";
import { message } from "../shared/errors";
import { QrCode } from "./QrCode";
import { Dimension } from "../gen/panelpulse/v1/segment_pb";
import {
  FindingStatus,
  type Finding,
  type PreviewFindingTestResponse,
} from "../gen/panelpulse/v1/roundtable_pb";
import { evidenceText, latestVerdict, reachText, statusName } from "./rtformat";

// RoundtablePage is one roundtable: its join code and QR code for the
// room, its findings (each with test preview and send, close, verdict and
// history), and links to the projector view and the summary.
export function RoundtablePage({ id }: { id: number }) {
  const rt = useQuery(`rt/get/${id}`, () => roundtables.getRoundtable({ roundtableId: BigInt(id) }));
  const fs = useQuery(`rt/findings/${id}`, () =>
    roundtables.listFindings({ roundtableId: BigInt(id), pageSize: 100 }),
  );
  const [statement, setStatement] = useState("");
  const [error, setError] = useState("");
  if (rt.state === "loading") return <p class="loading">Loading the roundtable…</p>;
  if (rt.state === "error") return <p role="alert">{message(rt.error)}</p>;
  const r = rt.data.roundtable;
  if (!r) return null;
  const link = `${location.origin}/app/#room=${r.joinCode}`;
  const add = async (e: Event) => {
    e.preventDefault();
    setError("");
    try {
      await roundtables.createFinding({ statement, roundtableId: BigInt(id) });
      setStatement("");
      invalidate(`rt/`);
    } catch (err) {
      setError(message(err));
    }
  };
  return (
    <>
      <p>
        <a href={href("roundtables")}>All roundtables</a>
      </p>
      <section aria-labelledby="rt-page-h" class="rt-head">
        <h2 id="rt-page-h">{r.title}</h2>
        <p>
          {r.date}
          {r.audience ? ` · ${r.audience}` : ""} · <span id="rt-attendees">{r.attendees}</span> joined
        </p>
        <div class="rt-join">
          <QrCode text={link} label={`QR code for joining: ${link}`} />
          <div>
            <p>Join on your phone with the code</p>
            <p id="rt-code" class="join-code">
              {r.joinCode}
            </p>
            <p class="muted">{link}</p>
          </div>
        </div>
        <p>
          <a id="rt-summary-link" href={href("roundtables", [String(id), "summary"])}>
            Summary (CSV and printable)
          </a>
        </p>
      </section>
      <section aria-labelledby="rt-add-h">
        <h2 id="rt-add-h">Add a finding</h2>
        <form id="finding-create" class="stack" onSubmit={add}>
          <label>
            Statement to agree or disagree with
            <textarea
              id="finding-statement"
              required
              minLength={10}
              maxLength={300}
              value={statement}
              onInput={(e) => setStatement(e.currentTarget.value)}
            />
          </label>
          <button type="submit">Add finding</button>
          {error && (
            <p role="alert" class="error">
              {error}
            </p>
          )}
        </form>
      </section>
      <section aria-labelledby="rt-findings-h">
        <h2 id="rt-findings-h">Findings</h2>
        {fs.state === "loading" && <p class="loading">Loading findings…</p>}
        {fs.state === "error" && <p role="alert">{message(fs.error)}</p>}
        {fs.state === "ready" && fs.data.findings.length === 0 && <p>No findings yet.</p>}
        {fs.state === "ready" && (
          <ul class="findings">
            {fs.data.findings.map((f) => (
              <FindingCard key={String(f.id)} roundtableId={id} f={f} />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

const dimensions: [Dimension, string][] = [
  [Dimension.ALL, "Whole panel"],
  [Dimension.SECTOR, "Sector"],
  [Dimension.SIZE_BAND, "Size band"],
  [Dimension.DISTRICT, "District"],
  [Dimension.ROLE, "Role"],
];

const likert = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"];

function FindingCard({ roundtableId, f }: { roundtableId: number; f: Finding }) {
  const [dimension, setDimension] = useState(Dimension.ALL);
  const [value, setValue] = useState("");
  const [now, setNow] = useState(true);
  const [preview, setPreview] = useState<PreviewFindingTestResponse | undefined>();
  const [error, setError] = useState("");
  const [verdict, setVerdict] = useState(FindingStatus.VALIDATED);
  const open = f.status === FindingStatus.DRAFT || f.status === FindingStatus.TESTING;
  const seg = () => ({ dimension, value: dimension === Dimension.ALL ? "" : value });
  const run = async (fn: () => Promise<void>) => {
    setError("");
    try {
      await fn();
    } catch (err) {
      setError(message(err));
    }
  };
  const fid = String(f.id);
  const last = latestVerdict(f);
  const lastTest = [...f.history].reverse().find((h) => h.reach !== undefined);
  return (
    <li class="finding" data-finding={fid}>
      <p class="statement">{f.statement}</p>
      <p>
        <span class="status">{statusName[f.status]}</span>
        {f.testClosed && <span class="closed"> · test closed</span>}
        {" · "}
        <a class="projector-link" href={href("roundtables", [String(roundtableId), "projector", fid])}>
          Projector view
        </a>
      </p>
      {open && !f.testClosed && (
        <fieldset class="test-form">
          <legend>Test on the panel</legend>
          <label>
            Segment
            <select
              class="seg-dim"
              value={String(dimension)}
              onChange={(e) => setDimension(Number(e.currentTarget.value) as Dimension)}
            >
              {dimensions.map(([d, name]) => (
                <option key={d} value={String(d)}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          {dimension !== Dimension.ALL && (
            <label>
              Value
              <input class="seg-value" value={value} onInput={(e) => setValue(e.currentTarget.value)} />
            </label>
          )}
          <label class="inline">
            <input
              type="checkbox"
              class="test-now"
              checked={now}
              onChange={(e) => setNow(e.currentTarget.checked)}
            />
            Send now (takes the slot of today's questions not yet sent)
          </label>
          <button
            type="button"
            class="test-preview"
            onClick={() =>
              run(async () => {
                setPreview(await roundtables.previewFindingTest({ findingId: f.id, segment: seg(), now }));
              })
            }
          >
            Preview
          </button>
          {preview && (
            <div class="preview">
              <div class="phone" aria-label="As a phone shows it">
                <p class="phone-title">{preview.question?.title}</p>
                <p>{preview.question?.wording}</p>
                <ul>
                  {likert.map((l) => (
                    <li key={l}>{l}</li>
                  ))}
                  <li>Don't know</li>
                </ul>
              </div>
              <p class="reach">{preview.reach && reachText(preview.reach)}</p>
              <button
                type="button"
                class="test-send"
                onClick={() =>
                  run(async () => {
                    await roundtables.testFinding({ findingId: f.id, segment: seg(), now });
                    setPreview(undefined);
                    invalidate("rt/");
                  })
                }
              >
                Send
              </button>
            </div>
          )}
        </fieldset>
      )}
      {lastTest?.reach && <p class="sent">Sent: {reachText(lastTest.reach)}</p>}
      {f.status === FindingStatus.TESTING && !f.testClosed && (
        <button
          type="button"
          class="test-close"
          onClick={() =>
            run(async () => {
              await roundtables.closeFindingTest({ findingId: f.id });
              invalidate("rt/");
            })
          }
        >
          Close test
        </button>
      )}
      {open && (
        <div class="verdict-form">
          <label>
            Verdict
            <select
              class="verdict"
              value={String(verdict)}
              onChange={(e) => setVerdict(Number(e.currentTarget.value) as FindingStatus)}
            >
              <option value={String(FindingStatus.VALIDATED)}>Validated</option>
              <option value={String(FindingStatus.REFUTED)}>Refuted</option>
              <option value={String(FindingStatus.INCONCLUSIVE)}>Inconclusive</option>
            </select>
          </label>
          <button
            type="button"
            class="verdict-save"
            onClick={() =>
              run(async () => {
                await roundtables.setFindingStatus({ findingId: f.id, status: verdict });
                invalidate("rt/");
              })
            }
          >
            Record verdict
          </button>
        </div>
      )}
      {last && (
        <p class="evidence">
          {statusName[last.verdict]} on{" "}
          {last.at ? new Date(Number(last.at.seconds) * 1000).toLocaleString() : ""}:{" "}
          {evidenceText(last.evidence)}
        </p>
      )}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {f.history.length > 0 && (
        <details class="history">
          <summary>History</summary>
          <ol>
            {f.history.map((h, i) => (
              <li key={i}>
                {h.at ? new Date(Number(h.at.seconds) * 1000).toLocaleString() : ""}:{" "}
                {h.reach
                  ? `Tested: ${reachText(h.reach)}`
                  : h.evidence
                    ? `Verdict ${statusName[h.verdict]}: ${evidenceText(h.evidence)}`
                    : "Test closed."}
              </li>
            ))}
          </ol>
        </details>
      )}
    </li>
  );
}
