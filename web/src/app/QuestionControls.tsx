// The controls of one question, by type: radios, checkboxes, number field,
// ranking by dragging or with up/down buttons, matrix rows and text with a
// counter. Every control is a native input with a label, so touch, keyboard
// and screen readers work alike.
import type { JSX } from "preact";
import { useRef } from "preact/hooks";
import { QuestionType, type QuestionSpec } from "../gen/panelpulse/v1/question_pb";
import { likertLabels, topK, type Draft } from "./draft";

type Props = { id: string; spec: QuestionSpec; draft: Draft; set: (d: Draft) => void };

function Radio(p: {
  name: string;
  value: number;
  checked: boolean;
  label: string;
  onPick: () => void;
}): JSX.Element {
  return (
    <label class="choice">
      <input type="radio" name={p.name} value={p.value} checked={p.checked} onChange={p.onPick} />
      <span>{p.label}</span>
    </label>
  );
}

function points(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let i = lo; i <= hi; i++) out.push(i);
  return out;
}

function OtherText({ id, draft, set }: Props): JSX.Element {
  return (
    <label class="field">
      Please say
      <input
        id={`${id}-other`}
        value={draft.otherText}
        onInput={(e) => set({ ...draft, otherText: e.currentTarget.value })}
      />
    </label>
  );
}

function Scale(props: Props & { lo: number; hi: number; labels?: string[] }): JSX.Element {
  const { id, spec, draft, set, lo, hi, labels } = props;
  return (
    <div>
      <div class={labels ? "likert" : "scale"} role="radiogroup" aria-label="Your answer">
        {points(lo, hi).map((n) => (
          <Radio
            name={`${id}-scale`}
            value={n}
            checked={!draft.dontKnow && draft.scale === n}
            label={labels?.[n - lo] ?? String(n)}
            onPick={() => set({ ...draft, scale: n, dontKnow: false })}
          />
        ))}
      </div>
      {!labels && (spec.minLabel || spec.maxLabel) && (
        <p class="ends">
          <span>
            {lo}: {spec.minLabel}
          </span>
          <span>
            {hi}: {spec.maxLabel}
          </span>
        </p>
      )}
      {spec.allowDontKnow && (
        <label class="choice">
          <input
            type="checkbox"
            name={`${id}-dk`}
            checked={draft.dontKnow}
            onChange={(e) => set({ ...draft, dontKnow: e.currentTarget.checked })}
          />
          <span>Don't know</span>
        </label>
      )}
    </div>
  );
}

function Ranking({ id, spec, draft, set }: Props): JSX.Element {
  const k = topK(spec);
  // The item being dragged by its grip (mouse, pen or finger), if any.
  const dragging = useRef<number | null>(null);
  const list = useRef<HTMLOListElement>(null);
  const moveTo = (from: number, to: number) => {
    const o = [...draft.order];
    const [item] = o.splice(from, 1);
    if (item === undefined || to < 0 || to > o.length) return;
    o.splice(to, 0, item);
    set({ ...draft, order: o });
  };
  const dragOver = (e: PointerEvent) => {
    const code = dragging.current;
    if (code === null) return;
    const over = document.elementFromPoint(e.clientX, e.clientY)?.closest<HTMLElement>("li[data-code]");
    if (!over || over.parentElement !== list.current) return;
    const from = draft.order.indexOf(code);
    const to = draft.order.indexOf(Number(over.dataset.code));
    if (from >= 0 && to >= 0 && from !== to) moveTo(from, to);
  };
  const move = (i: number, by: number) => {
    const a = draft.order[i];
    if (a === undefined || draft.order[i + by] === undefined) return;
    moveTo(i, i + by);
    // Keep the focus on the moved item's button for the next press.
    requestAnimationFrame(() =>
      document.getElementById(`${id}-rank-${a}-${by < 0 ? "up" : "down"}`)?.focus(),
    );
  };
  return (
    <div>
      <p class="hint">Put your top {k} first: drag items by their grip or move them with the arrows.</p>
      <ol class="ranking" ref={list}>
        {draft.order.map((code, i) => {
          const label = spec.options.find((o) => o.code === code)?.label ?? String(code);
          return (
            <li class={i < k ? "ranked" : ""} data-code={code}>
              <span
                class="grip"
                aria-hidden="true"
                onPointerDown={(e) => {
                  dragging.current = code;
                  e.currentTarget.setPointerCapture(e.pointerId);
                  e.preventDefault();
                }}
                onPointerMove={dragOver}
                onPointerUp={(e) => {
                  dragOver(e);
                  dragging.current = null;
                }}
                onPointerCancel={() => (dragging.current = null)}
              >
                ⠿
              </span>
              <span>{label}</span>
              <button
                type="button"
                id={`${id}-rank-${code}-up`}
                aria-label={`Move ${label} up`}
                disabled={i === 0}
                onClick={() => move(i, -1)}
              >
                ↑
              </button>
              <button
                type="button"
                id={`${id}-rank-${code}-down`}
                aria-label={`Move ${label} down`}
                disabled={i === draft.order.length - 1}
                onClick={() => move(i, 1)}
              >
                ↓
              </button>
              {i === k - 1 && k < draft.order.length && <span class="cut">your top {k} ends here</span>}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

export function QuestionControls(props: Props): JSX.Element {
  const { id, spec, draft, set } = props;
  switch (spec.type) {
    case QuestionType.SINGLE_CHOICE: {
      const other = spec.options.find((o) => o.other && o.code === draft.choice);
      return (
        <div role="radiogroup" aria-label="Your answer">
          {spec.options.map((o) => (
            <Radio
              name={`${id}-choice`}
              value={o.code}
              checked={draft.choice === o.code}
              label={o.label}
              onPick={() => set({ ...draft, choice: o.code })}
            />
          ))}
          {other && <OtherText {...props} />}
        </div>
      );
    }
    case QuestionType.MULTIPLE_CHOICE: {
      const toggle = (code: number, on: boolean) => {
        const excl = spec.options.find((o) => o.code === code)?.exclusive;
        let next = draft.choices.filter((c) => c !== code);
        if (on) {
          next = excl
            ? [code]
            : [...next.filter((c) => !spec.options.find((o) => o.code === c)?.exclusive), code];
        }
        set({ ...draft, choices: next });
      };
      const other = spec.options.some((o) => o.other && draft.choices.includes(o.code));
      const { minSelections: lo, maxSelections: hi } = spec;
      return (
        <div>
          <p class="hint">
            {lo > 0 && hi > 0
              ? `Choose ${lo} to ${hi}.`
              : hi > 0
                ? `Choose up to ${hi}.`
                : "Choose all that apply."}
          </p>
          {spec.options.map((o) => (
            <label class="choice">
              <input
                type="checkbox"
                name={`${id}-choices`}
                value={o.code}
                checked={draft.choices.includes(o.code)}
                onChange={(e) => toggle(o.code, e.currentTarget.checked)}
              />
              <span>{o.label}</span>
            </label>
          ))}
          {other && <OtherText {...props} />}
        </div>
      );
    }
    case QuestionType.SCALE:
      return <Scale {...props} lo={spec.scaleMin} hi={spec.scaleMax} />;
    case QuestionType.LIKERT:
      return <Scale {...props} lo={1} hi={5} labels={likertLabels} />;
    case QuestionType.NUMBER: {
      const lo = spec.numberMin ?? (spec.percent ? 0 : undefined);
      const hi = spec.numberMax ?? (spec.percent ? 100 : undefined);
      const unit = spec.percent ? "%" : spec.unit;
      return (
        <div>
          <label class="field number">
            <span class="hint">
              {lo !== undefined && hi !== undefined ? `From ${lo} to ${hi}` : "A number"}
              {unit ? ` (${unit})` : ""}
            </span>
            <span class="with-unit">
              <input
                id={`${id}-number`}
                type="number"
                inputMode={spec.integer ? "numeric" : "decimal"}
                step={spec.integer ? 1 : "any"}
                min={lo}
                max={hi}
                value={draft.number}
                onInput={(e) => set({ ...draft, number: e.currentTarget.value })}
              />
              {unit && <span>{unit}</span>}
            </span>
          </label>
        </div>
      );
    }
    case QuestionType.RANKING:
      return <Ranking {...props} />;
    case QuestionType.MATRIX: {
      const ps = points(spec.scaleMin, spec.scaleMax);
      return (
        <div>
          <p class="ends">
            <span>
              {spec.scaleMin}: {spec.minLabel}
            </span>
            <span>
              {spec.scaleMax}: {spec.maxLabel}
            </span>
          </p>
          {spec.rows.map((r) => (
            <fieldset class="row" data-row={r.code}>
              <legend>{r.label}</legend>
              <div class="scale">
                {ps.map((n) => (
                  <Radio
                    name={`${id}-row-${r.code}`}
                    value={n}
                    checked={draft.matrix[r.code] === n}
                    label={String(n)}
                    onPick={() => set({ ...draft, matrix: { ...draft.matrix, [r.code]: n } })}
                  />
                ))}
                {spec.allowDontKnow && (
                  <Radio
                    name={`${id}-row-${r.code}`}
                    value={0}
                    checked={draft.matrix[r.code] === 0}
                    label="Don't know"
                    onPick={() => set({ ...draft, matrix: { ...draft.matrix, [r.code]: 0 } })}
                  />
                )}
              </div>
            </fieldset>
          ))}
        </div>
      );
    }
    case QuestionType.TEXT: {
      const max = spec.maxLength || 500;
      return (
        <label class="field">
          <span class="hint">Your answer</span>
          <textarea
            id={`${id}-text`}
            rows={3}
            value={draft.text}
            onInput={(e) => set({ ...draft, text: e.currentTarget.value })}
          />
          <span class={`counter${[...draft.text].length > max ? " over" : ""}`} aria-live="polite">
            {[...draft.text].length} of {max} characters
          </span>
        </label>
      );
    }
  }
  return <p>This kind of question cannot be shown by this version of the app.</p>;
}
