// WaveForm creates a wave (#waves/new?start=DAY) or edits one (#waves/ID):
// its name, first day, length in working days and plan (which question
// goes on which working day to whom). Once a day of the wave has been
// planned only the name can change. A wave can be cancelled here: later
// days are never sent; questions already sent stay open and every answer
// stays.
import { create } from "@bufbuild/protobuf";
import { useRef, useState } from "preact/hooks";
import { admin } from "./api";
import { invalidate, useQuery } from "./store";
import { go, href } from "./route";
import { message } from "../shared/errors";
import { segment, sendDimensions } from "./segments";
import { statusNames } from "./Waves";
import { Dimension } from "../gen/panelpulse/v1/segment_pb";
import { PlanItemSchema, WaveStatus, type GetWaveResponse } from "../gen/panelpulse/v1/admin_pb";
import type { Question } from "../gen/panelpulse/v1/question_pb";

type Row = { day: number; key: string; dimension: Dimension; value: string; split: number };
type Form = { name: string; start: string; days: number; plan: Row[] };

export function WaveForm({ id, start }: { id: string; start: string }) {
  const qs = useQuery("questions/list/0/false/", () => admin.listQuestions({ pageSize: 100 }));
  const wave = useQuery(`waves/get/${id}`, () =>
    id === "new" ? Promise.resolve(undefined) : admin.getWave({ id: BigInt(id) }),
  );
  // While a saved wave reloads, the form stays (with its message).
  const last = useRef<{ wave?: GetWaveResponse } | null>(null);
  if (wave.state === "ready") last.current = { wave: wave.data };
  if (qs.state === "error") return <p role="alert">{message(qs.error)}</p>;
  if (wave.state === "error") return <p role="alert">{message(wave.error)}</p>;
  if (qs.state !== "ready" || !last.current) return <p class="loading">Loading the wave…</p>;
  return <Editor questions={qs.data.questions} detail={last.current.wave} start={start} />;
}

function formOf(d: GetWaveResponse | undefined, start: string, first: string): Form {
  if (!d?.wave)
    return {
      name: "",
      start,
      days: 5,
      plan: [{ day: 0, key: first, dimension: Dimension.ALL, value: "", split: 0 }],
    };
  return {
    name: d.wave.name,
    start: d.wave.startDate,
    days: d.wave.workingDays,
    plan: d.plan.map((p) => ({
      day: p.day,
      key: p.questionKey,
      dimension: p.segment?.dimension || Dimension.ALL,
      value: p.segment?.value ?? "",
      split: p.split,
    })),
  };
}

function Editor(p: { questions: Question[]; detail?: GetWaveResponse; start: string }) {
  const w = p.detail?.wave;
  const [form, setForm] = useState<Form>(() => formOf(p.detail, p.start, p.questions[0]?.key ?? ""));
  const [status, setStatus] = useState<{ kind: "saved" | "error"; text: string } | null>(null);
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const cancelled = w?.status === WaveStatus.CANCELLED;
  const locked = (w?.assignments ?? 0) > 0 || cancelled;
  const setRow = (i: number, patch: Partial<Row>) =>
    setForm({ ...form, plan: form.plan.map((r, j) => (j === i ? { ...r, ...patch } : r)) });

  async function save(e: Event) {
    e.preventDefault();
    setBusy(true);
    setStatus(null);
    const plan = form.plan.map((r) =>
      create(PlanItemSchema, {
        day: r.day,
        questionKey: r.key,
        segment: segment(r.dimension, r.value),
        split: r.split,
      }),
    );
    try {
      if (w) {
        await admin.updateWave({
          id: w.id,
          name: form.name,
          startDate: form.start,
          workingDays: form.days,
          plan: locked ? [] : plan,
        });
        setStatus({ kind: "saved", text: "Saved." });
      } else {
        const res = await admin.createWave({
          name: form.name,
          startDate: form.start,
          workingDays: form.days,
          plan,
        });
        go(href("waves", [], { month: (res.wave?.startDate ?? form.start).slice(0, 7) }));
      }
      invalidate("waves");
    } catch (err) {
      setStatus({ kind: "error", text: message(err) });
    } finally {
      setBusy(false);
    }
  }

  async function cancel() {
    if (!w) return;
    setBusy(true);
    try {
      await admin.cancelWave({ id: w.id });
      invalidate("waves");
      setConfirm(false);
      setStatus({ kind: "saved", text: "Cancelled." });
    } catch (err) {
      setStatus({ kind: "error", text: message(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="wave-form">
      <p>
        <a href={href("waves", [], { month: form.start.slice(0, 7) || "" })}>Back to the calendar</a>
      </p>
      <h2>{w ? `${w.name} (${statusNames[w.status]})` : "New wave"}</h2>
      {w && locked && !cancelled && (
        <p class="note">
          Days of this wave have been planned ({w.assignments} questions assigned): only its name can change
          now.
        </p>
      )}
      {cancelled && (
        <p class="note" data-testid="cancelled-note">
          Cancelled on {w?.cancelledAt.slice(0, 10)}. Its later days are not sent; questions already sent
          stayed open until they closed and every answer is kept.
        </p>
      )}
      <form onSubmit={save} aria-label="Wave">
        <label>
          Name
          <input
            name="name"
            required
            maxLength={120}
            value={form.name}
            disabled={cancelled}
            onInput={(e) => setForm({ ...form, name: e.currentTarget.value })}
          />
        </label>
        <div class="pair">
          <label>
            First day (a non-working day starts on the next working day)
            <input
              type="date"
              name="start"
              required
              value={form.start}
              disabled={locked}
              onInput={(e) => setForm({ ...form, start: e.currentTarget.value })}
            />
          </label>
          <label>
            Working days
            <input
              type="number"
              name="days"
              min={1}
              max={130}
              value={form.days}
              disabled={locked}
              onInput={(e) =>
                setForm({ ...form, days: Math.max(1, Math.trunc(Number(e.currentTarget.value)) || 1) })
              }
            />
          </label>
        </div>
        <fieldset class="plan" disabled={locked}>
          <legend>Plan</legend>
          {form.plan.map((r, i) => (
            <div class="plan-row" data-row={i}>
              <label>
                Working day
                <input
                  type="number"
                  name={`plan-day-${i}`}
                  min={1}
                  max={form.days}
                  value={r.day + 1}
                  onInput={(e) =>
                    setRow(i, { day: Math.max(0, Math.trunc(Number(e.currentTarget.value)) - 1) })
                  }
                />
              </label>
              <label>
                Question
                <select
                  name={`plan-key-${i}`}
                  value={r.key}
                  onChange={(e) => setRow(i, { key: e.currentTarget.value })}
                >
                  {p.questions.map((q) => (
                    <option value={q.key}>{q.title}</option>
                  ))}
                  {!p.questions.some((q) => q.key === r.key) && <option value={r.key}>{r.key}</option>}
                </select>
              </label>
              <label>
                To
                <select
                  name={`plan-dimension-${i}`}
                  value={r.dimension}
                  onChange={(e) => setRow(i, { dimension: Number(e.currentTarget.value) as Dimension })}
                >
                  {sendDimensions.map(([d, n]) => (
                    <option value={d}>{n}</option>
                  ))}
                </select>
              </label>
              {r.dimension !== Dimension.ALL && (
                <label>
                  Value
                  <input
                    name={`plan-value-${i}`}
                    value={r.value}
                    onInput={(e) => setRow(i, { value: e.currentTarget.value })}
                  />
                </label>
              )}
              <label>
                Who in it
                <select
                  name={`plan-split-${i}`}
                  value={r.split}
                  onChange={(e) => setRow(i, { split: Number(e.currentTarget.value) })}
                >
                  <option value={0}>All of them</option>
                  <option value={1}>Half 1</option>
                  <option value={2}>Half 2</option>
                </select>
              </label>
              <button
                type="button"
                class="link"
                onClick={() => setForm({ ...form, plan: form.plan.filter((_, j) => j !== i) })}
              >
                Remove
              </button>
            </div>
          ))}
          <button
            type="button"
            onClick={() =>
              setForm({
                ...form,
                plan: [
                  ...form.plan,
                  { day: 0, key: p.questions[0]?.key ?? "", dimension: Dimension.ALL, value: "", split: 0 },
                ],
              })
            }
          >
            Add a plan item
          </button>
        </fieldset>
        {status && (
          <p
            class={status.kind === "error" ? "error" : "saved"}
            role={status.kind === "error" ? "alert" : "status"}
          >
            {status.text}
          </p>
        )}
        <div class="actions">
          {!cancelled && (
            <button type="submit" disabled={busy}>
              {w ? "Save the wave" : "Create the wave"}
            </button>
          )}
          {w && !cancelled && (
            <button type="button" class="danger" disabled={busy} onClick={() => setConfirm(true)}>
              Cancel the wave
            </button>
          )}
        </div>
      </form>
      {confirm && (
        <div class="confirm" role="alertdialog" aria-labelledby="cancel-h">
          <h3 id="cancel-h">Cancel {w?.name}?</h3>
          <p>
            No later day of it will be sent. Questions already sent today stay open until they close, and
            every answer is kept. This cannot be undone.
          </p>
          <button type="button" class="danger" disabled={busy} onClick={cancel}>
            Yes, cancel the wave
          </button>{" "}
          <button type="button" onClick={() => setConfirm(false)}>
            Keep it
          </button>
        </div>
      )}
    </div>
  );
}
