// QuestionEditor writes a question of any type, with the panellist app's
// own rendering beside the form (PhonePreview), the question's versions
// (a revised question with answers becomes a new version; analysts see
// the break in the observatory) and archiving.
import { create } from "@bufbuild/protobuf";
import { useState } from "preact/hooks";
import { admin } from "./api";
import { invalidate, useQuery } from "./store";
import { go, href } from "./route";
import { message } from "../shared/errors";
import { PhonePreview } from "./PhonePreview";
import {
  OptionSchema,
  QuestionSpecSchema,
  QuestionType,
  Theme,
  type Question,
  type QuestionSpec,
} from "../gen/panelpulse/v1/question_pb";
import type { GetQuestionResponse } from "../gen/panelpulse/v1/admin_pb";

export const typeNames: [QuestionType, string][] = [
  [QuestionType.SINGLE_CHOICE, "Single choice"],
  [QuestionType.MULTIPLE_CHOICE, "Multiple choice"],
  [QuestionType.SCALE, "Scale"],
  [QuestionType.LIKERT, "Likert (agree / disagree)"],
  [QuestionType.NUMBER, "Number"],
  [QuestionType.RANKING, "Ranking"],
  [QuestionType.MATRIX, "Matrix"],
  [QuestionType.TEXT, "Text"],
];

export const themeNames: [Theme, string][] = [
  [Theme.RECRUITMENT_CONFIDENCE, "Recruitment confidence"],
  [Theme.TRAINING_INVESTMENT, "Training investment"],
  [Theme.KNOWLEDGE, "Knowledge"],
  [Theme.SKILLS, "Skills"],
  [Theme.BEHAVIOURS, "Behaviours"],
  [Theme.FINDING_TEST, "Finding test"],
  [Theme.OTHER, "Other"],
];

export const typeName = (t: QuestionType): string => typeNames.find(([x]) => x === t)?.[1] ?? "";
export const themeName = (t: Theme): string => themeNames.find(([x]) => x === t)?.[1] ?? "";

type Form = {
  key: string;
  theme: Theme;
  title: string;
  wording: string;
  spec: QuestionSpec;
};

const withOptions = (t: QuestionType) =>
  t === QuestionType.SINGLE_CHOICE ||
  t === QuestionType.MULTIPLE_CHOICE ||
  t === QuestionType.RANKING ||
  t === QuestionType.MATRIX;

function blank(): Form {
  return {
    key: "",
    theme: Theme.OTHER,
    title: "",
    wording: "",
    spec: create(QuestionSpecSchema, {
      type: QuestionType.SINGLE_CHOICE,
      options: [
        create(OptionSchema, { code: 1, label: "Yes" }),
        create(OptionSchema, { code: 2, label: "No" }),
      ],
    }),
  };
}

// specFor fills the parameters a type needs when the type changes.
function specFor(prev: QuestionSpec, type: QuestionType): QuestionSpec {
  const s = create(QuestionSpecSchema, { ...prev, type });
  if (withOptions(type) && s.options.length === 0) {
    s.options = [
      create(OptionSchema, { code: 1, label: "First" }),
      create(OptionSchema, { code: 2, label: "Second" }),
    ];
  }
  if (type === QuestionType.SCALE && s.scaleMax <= s.scaleMin) {
    s.scaleMin = 1;
    s.scaleMax = 5;
  }
  if (type === QuestionType.MATRIX && s.rows.length === 0) {
    s.rows = [create(OptionSchema, { code: 1, label: "Row one" })];
    if (s.scaleMax <= s.scaleMin) {
      s.scaleMin = 1;
      s.scaleMax = 5;
    }
  }
  if (type === QuestionType.TEXT && s.maxLength === 0) s.maxLength = 500;
  return s;
}

// cleanSpec keeps only the parameters of the spec's type, so that what
// another type left behind is not sent.
export function cleanSpec(s: QuestionSpec): QuestionSpec {
  const t = s.type;
  const out = create(QuestionSpecSchema, { type: t });
  if (withOptions(t)) out.options = s.options;
  if (t === QuestionType.MULTIPLE_CHOICE) {
    out.minSelections = s.minSelections;
    out.maxSelections = s.maxSelections;
  }
  if (t === QuestionType.SCALE) {
    out.scaleMin = s.scaleMin;
    out.scaleMax = s.scaleMax;
    out.minLabel = s.minLabel;
    out.maxLabel = s.maxLabel;
  }
  if (t === QuestionType.SCALE || t === QuestionType.LIKERT) out.allowDontKnow = s.allowDontKnow;
  if (t === QuestionType.MATRIX) {
    out.rows = s.rows;
    out.scaleMin = s.scaleMin;
    out.scaleMax = s.scaleMax;
  }
  if (t === QuestionType.NUMBER) {
    out.numberMin = s.numberMin;
    out.numberMax = s.numberMax;
    out.integer = s.integer;
    out.percent = s.percent;
    out.unit = s.unit;
  }
  if (t === QuestionType.RANKING) out.topK = s.topK;
  if (t === QuestionType.TEXT) out.maxLength = s.maxLength;
  return out;
}

function OptionList(p: {
  legend: string;
  name: string;
  items: QuestionSpec["options"];
  set: (items: QuestionSpec["options"]) => void;
  flags: boolean;
}) {
  const change = (i: number, patch: Partial<QuestionSpec["options"][number]>) =>
    p.set(p.items.map((o, j) => (j === i ? create(OptionSchema, { ...o, ...patch }) : o)));
  const next = Math.max(0, ...p.items.map((o) => o.code)) + 1;
  return (
    <fieldset class="options" data-testid={`${p.name}-list`}>
      <legend>{p.legend}</legend>
      {p.items.map((o, i) => (
        <div class="option-row" key={o.code}>
          <label>
            <span class="sr-only">
              {p.legend} {i + 1}, code {o.code}
            </span>
            <input
              name={`${p.name}-${i}`}
              value={o.label}
              onInput={(e) => change(i, { label: e.currentTarget.value })}
            />
          </label>
          {p.flags && (
            <>
              <label class="flag">
                <input
                  type="checkbox"
                  checked={o.exclusive}
                  onChange={(e) => change(i, { exclusive: e.currentTarget.checked })}
                />
                None of these
              </label>
              <label class="flag">
                <input
                  type="checkbox"
                  checked={o.other}
                  onChange={(e) => change(i, { other: e.currentTarget.checked })}
                />
                Other, please say
              </label>
            </>
          )}
          <button
            type="button"
            class="link"
            aria-label={`Remove ${o.label || `item ${i + 1}`}`}
            onClick={() => p.set(p.items.filter((_, j) => j !== i))}
          >
            Remove
          </button>
        </div>
      ))}
      <button
        type="button"
        onClick={() => p.set([...p.items, create(OptionSchema, { code: next, label: "" })])}
      >
        Add {p.name === "row" ? "a row" : "an option"}
      </button>
    </fieldset>
  );
}

function num(v: string): number {
  const n = Number(v);
  return Number.isFinite(n) ? Math.trunc(n) : 0;
}

function SpecFields({ spec, set }: { spec: QuestionSpec; set: (s: QuestionSpec) => void }) {
  const patch = (p: Partial<QuestionSpec>) => set(create(QuestionSpecSchema, { ...spec, ...p }));
  const t = spec.type;
  return (
    <>
      {withOptions(t) && (
        <OptionList
          legend={t === QuestionType.RANKING ? "Items to rank" : "Options"}
          name="option"
          items={spec.options}
          set={(options) => patch({ options })}
          flags={t === QuestionType.MULTIPLE_CHOICE || t === QuestionType.SINGLE_CHOICE}
        />
      )}
      {t === QuestionType.MATRIX && (
        <OptionList
          legend="Rows"
          name="row"
          items={spec.rows}
          set={(rows) => patch({ rows })}
          flags={false}
        />
      )}
      {t === QuestionType.MULTIPLE_CHOICE && (
        <div class="pair">
          <label>
            At least
            <input
              type="number"
              min={0}
              value={spec.minSelections}
              onInput={(e) => patch({ minSelections: num(e.currentTarget.value) })}
            />
          </label>
          <label>
            At most (0 for no limit)
            <input
              type="number"
              min={0}
              value={spec.maxSelections}
              onInput={(e) => patch({ maxSelections: num(e.currentTarget.value) })}
            />
          </label>
        </div>
      )}
      {t === QuestionType.SCALE && (
        <>
          <div class="pair">
            <label>
              From
              <input
                type="number"
                name="scale-min"
                value={spec.scaleMin}
                onInput={(e) => patch({ scaleMin: num(e.currentTarget.value) })}
              />
            </label>
            <label>
              To
              <input
                type="number"
                name="scale-max"
                value={spec.scaleMax}
                onInput={(e) => patch({ scaleMax: num(e.currentTarget.value) })}
              />
            </label>
          </div>
          <div class="pair">
            <label>
              Low end label
              <input
                name="min-label"
                value={spec.minLabel}
                onInput={(e) => patch({ minLabel: e.currentTarget.value })}
              />
            </label>
            <label>
              High end label
              <input
                name="max-label"
                value={spec.maxLabel}
                onInput={(e) => patch({ maxLabel: e.currentTarget.value })}
              />
            </label>
          </div>
        </>
      )}
      {(t === QuestionType.SCALE || t === QuestionType.LIKERT) && (
        <label class="check">
          <input
            type="checkbox"
            checked={spec.allowDontKnow}
            onChange={(e) => patch({ allowDontKnow: e.currentTarget.checked })}
          />
          Offer "Don't know"
        </label>
      )}
      {t === QuestionType.MATRIX && (
        <div class="pair">
          <label>
            Each row from
            <input
              type="number"
              value={spec.scaleMin}
              onInput={(e) => patch({ scaleMin: num(e.currentTarget.value) })}
            />
          </label>
          <label>
            to
            <input
              type="number"
              value={spec.scaleMax}
              onInput={(e) => patch({ scaleMax: num(e.currentTarget.value) })}
            />
          </label>
        </div>
      )}
      {t === QuestionType.NUMBER && (
        <>
          <div class="pair">
            <label>
              Lowest (optional)
              <input
                type="number"
                value={spec.numberMin ?? ""}
                onInput={(e) => {
                  const v = e.currentTarget.value;
                  patch({ numberMin: v === "" ? undefined : Number(v) });
                }}
              />
            </label>
            <label>
              Highest (optional)
              <input
                type="number"
                value={spec.numberMax ?? ""}
                onInput={(e) => {
                  const v = e.currentTarget.value;
                  patch({ numberMax: v === "" ? undefined : Number(v) });
                }}
              />
            </label>
          </div>
          <label>
            Unit
            <input
              name="unit"
              value={spec.unit}
              maxLength={20}
              onInput={(e) => patch({ unit: e.currentTarget.value })}
            />
          </label>
          <label class="check">
            <input
              type="checkbox"
              checked={spec.integer}
              onChange={(e) => patch({ integer: e.currentTarget.checked })}
            />
            Whole numbers only
          </label>
          <label class="check">
            <input
              type="checkbox"
              checked={spec.percent}
              onChange={(e) => patch({ percent: e.currentTarget.checked })}
            />
            A percentage (0 to 100)
          </label>
        </>
      )}
      {t === QuestionType.RANKING && (
        <label>
          Rank the top (0: all)
          <input
            type="number"
            min={0}
            value={spec.topK}
            onInput={(e) => patch({ topK: num(e.currentTarget.value) })}
          />
        </label>
      )}
      {t === QuestionType.TEXT && (
        <label>
          Longest answer (characters)
          <input
            type="number"
            min={1}
            value={spec.maxLength}
            onInput={(e) => patch({ maxLength: num(e.currentTarget.value) })}
          />
        </label>
      )}
    </>
  );
}

function formOf(q: Question): Form {
  return {
    key: q.key,
    theme: q.theme,
    title: q.title,
    wording: q.wording,
    spec: create(QuestionSpecSchema, q.spec ?? { type: QuestionType.TEXT }),
  };
}

// QuestionEditor is #questions/new or #questions/KEY.
export function QuestionEditor({ qkey }: { qkey: string }) {
  if (qkey === "new") return <Editor initial={blank()} />;
  return <Existing qkey={qkey} />;
}

function Existing({ qkey }: { qkey: string }) {
  const q = useQuery(`questions/get/${qkey}`, () => admin.getQuestion({ key: qkey }));
  if (q.state === "loading") return <p class="loading">Loading the question…</p>;
  if (q.state === "error") return <p role="alert">{message(q.error)}</p>;
  const latest = q.data.question;
  if (!latest) return <p role="alert">The question has no version.</p>;
  return <Editor key={`${qkey}/${latest.version}`} initial={formOf(latest)} detail={q.data} />;
}

function Editor({ initial, detail }: { initial: Form; detail?: GetQuestionResponse }) {
  const [form, setForm] = useState<Form>(initial);
  const [status, setStatus] = useState<{ kind: "saved" | "error"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const latest = detail?.question;
  const archived = latest?.archived ?? false;
  const answered = detail?.versions.some((v) => v.answers > 0) ?? false;

  async function save(e: Event) {
    e.preventDefault();
    setBusy(true);
    setStatus(null);
    try {
      const req = {
        key: form.key,
        theme: form.theme,
        title: form.title,
        wording: form.wording,
        spec: cleanSpec(form.spec),
      };
      const res = latest ? await admin.updateQuestion(req) : await admin.createQuestion(req);
      const v = res.question?.version ?? 0;
      invalidate("questions");
      setStatus({
        kind: "saved",
        text: res.createdVersion ? `Saved as version ${v}.` : `Nothing changed; still version ${v}.`,
      });
      if (!latest) go(href("questions", [form.key]));
    } catch (err) {
      setStatus({ kind: "error", text: message(err) });
    } finally {
      setBusy(false);
    }
  }

  async function archive(restore: boolean) {
    setBusy(true);
    try {
      await admin.archiveQuestion({ key: form.key, restore });
      invalidate("questions");
      setStatus({ kind: "saved", text: restore ? "Restored." : "Archived." });
    } catch (err) {
      setStatus({ kind: "error", text: message(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="question-editor">
      <p>
        <a href={href("questions")}>All questions</a>
      </p>
      <h2>{latest ? `${latest.key}, version ${latest.version}` : "New question"}</h2>
      {archived && (
        <p class="note" data-testid="archived-note">
          This question is archived: it cannot be planned or revised until it is restored.
        </p>
      )}
      <div class="editor-grid">
        <form class="editor-form" onSubmit={save} aria-label="Question">
          <label>
            Key (letters, digits and _; never changes)
            <input
              name="key"
              value={form.key}
              readOnly={!!latest}
              pattern="[a-z][a-z0-9_]{1,62}"
              required
              onInput={(e) => setForm({ ...form, key: e.currentTarget.value })}
            />
          </label>
          <label>
            Theme
            <select
              name="theme"
              value={form.theme}
              onChange={(e) => setForm({ ...form, theme: Number(e.currentTarget.value) as Theme })}
            >
              {themeNames.map(([t, n]) => (
                <option value={t}>{n}</option>
              ))}
            </select>
          </label>
          <label>
            Title
            <input
              name="title"
              value={form.title}
              maxLength={120}
              required
              onInput={(e) => setForm({ ...form, title: e.currentTarget.value })}
            />
          </label>
          <label>
            Wording
            <textarea
              name="wording"
              value={form.wording}
              maxLength={500}
              rows={3}
              required
              onInput={(e) => setForm({ ...form, wording: e.currentTarget.value })}
            />
          </label>
          <label>
            Type
            <select
              name="type"
              value={form.spec.type}
              disabled={answered}
              onChange={(e) =>
                setForm({
                  ...form,
                  spec: specFor(form.spec, Number(e.currentTarget.value) as QuestionType),
                })
              }
            >
              {typeNames.map(([t, n]) => (
                <option value={t}>{n}</option>
              ))}
            </select>
          </label>
          {answered && (
            <p class="hint">
              This question has answers: saving a change makes a new version, which must stay comparable (same
              type and scale, no option removed).
            </p>
          )}
          <SpecFields spec={form.spec} set={(spec) => setForm({ ...form, spec })} />
          {status && (
            <p
              class={status.kind === "error" ? "error" : "saved"}
              role={status.kind === "error" ? "alert" : "status"}
            >
              {status.text}
            </p>
          )}
          <div class="actions">
            <button type="submit" disabled={busy || archived}>
              {latest ? "Save a new version" : "Create the question"}
            </button>
            {latest && (
              <button type="button" disabled={busy} onClick={() => archive(archived)}>
                {archived ? "Restore" : "Archive"}
              </button>
            )}
          </div>
        </form>
        <PhonePreview title={form.title} wording={form.wording} spec={cleanSpec(form.spec)} />
      </div>
      {detail && (
        <section aria-labelledby="versions-h">
          <h3 id="versions-h">Versions</h3>
          <div class="table-wrap">
            <table data-testid="versions">
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Made</th>
                  <th scope="col">Wording</th>
                  <th scope="col" class="num">
                    Answers
                  </th>
                </tr>
              </thead>
              <tbody>
                {detail.versions.map((v) => (
                  <tr data-version={v.question?.version}>
                    <th scope="row">{v.question?.version}</th>
                    <td>{v.createdAt.slice(0, 10)}</td>
                    <td>{v.question?.wording}</td>
                    <td class="num">{v.answers}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </div>
  );
}
