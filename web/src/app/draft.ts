// A draft answer as the controls edit it, and its AnswerValue. Only the
// fields of the question's type are sent; the server checks every rule and
// its sentence is shown when one is broken.
import { create } from "@bufbuild/protobuf";
import {
  AnswerValueSchema,
  QuestionType,
  type AnswerValue,
  type QuestionSpec,
} from "../gen/panelpulse/v1/question_pb";

export type Draft = {
  choice?: number;
  choices: number[];
  otherText: string;
  scale?: number;
  dontKnow: boolean;
  number: string;
  // order is every ranking item, the top k first.
  order: number[];
  matrix: Record<number, number>;
  text: string;
};

export function draftOf(spec: QuestionSpec, v?: AnswerValue): Draft {
  const ranked = v?.ranking ?? [];
  const rest = spec.options.map((o) => o.code).filter((c) => !ranked.includes(c));
  return {
    choice: v?.choice,
    choices: v?.choices ?? [],
    otherText: v?.otherText ?? "",
    scale: v?.scale,
    dontKnow: v?.dontKnow ?? false,
    number: v?.number === undefined ? "" : String(v.number),
    order: [...ranked, ...rest],
    matrix: { ...(v?.matrix ?? {}) },
    text: v?.text ?? "",
  };
}

export function topK(spec: QuestionSpec): number {
  return spec.topK || spec.options.length;
}

export function valueOf(spec: QuestionSpec, d: Draft): AnswerValue {
  const v = create(AnswerValueSchema, {});
  const otherChosen = (codes: number[]) =>
    spec.options.some((o) => o.other && codes.includes(o.code)) ? d.otherText : "";
  switch (spec.type) {
    case QuestionType.SINGLE_CHOICE:
      v.choice = d.choice;
      v.otherText = otherChosen(d.choice === undefined ? [] : [d.choice]);
      break;
    case QuestionType.MULTIPLE_CHOICE:
      v.choices = d.choices;
      v.otherText = otherChosen(d.choices);
      break;
    case QuestionType.SCALE:
    case QuestionType.LIKERT:
      if (d.dontKnow) v.dontKnow = true;
      else v.scale = d.scale;
      break;
    case QuestionType.NUMBER:
      if (d.number.trim() !== "") v.number = Number(d.number.replace(",", "."));
      break;
    case QuestionType.RANKING:
      v.ranking = d.order.slice(0, topK(spec));
      break;
    case QuestionType.MATRIX:
      v.matrix = d.matrix;
      break;
    case QuestionType.TEXT:
      v.text = d.text;
      break;
  }
  return v;
}

// likertLabels are the five points of an agree/disagree question.
export const likertLabels = [
  "Strongly disagree",
  "Disagree",
  "Neither agree nor disagree",
  "Agree",
  "Strongly agree",
];

// describe says an answer in words (history, results).
export function describe(spec: QuestionSpec | undefined, v: AnswerValue | undefined): string {
  if (!spec || !v) return "";
  const label = (c: number) => spec.options.find((o) => o.code === c)?.label ?? String(c);
  const other = v.otherText ? ` (${v.otherText})` : "";
  if (v.dontKnow) return "Don't know";
  switch (spec.type) {
    case QuestionType.SINGLE_CHOICE:
      return v.choice === undefined ? "" : label(v.choice) + other;
    case QuestionType.MULTIPLE_CHOICE:
      return v.choices.map(label).join(", ") + other;
    case QuestionType.SCALE:
      return v.scale === undefined ? "" : `${v.scale} of ${spec.scaleMax}`;
    case QuestionType.LIKERT:
      return v.scale === undefined ? "" : (likertLabels[v.scale - 1] ?? String(v.scale));
    case QuestionType.NUMBER:
      return v.number === undefined
        ? ""
        : `${v.number}${spec.percent ? "%" : spec.unit ? " " + spec.unit : ""}`;
    case QuestionType.RANKING:
      return v.ranking.map((c, i) => `${i + 1}. ${label(c)}`).join("; ");
    case QuestionType.MATRIX:
      return spec.rows
        .map((r) => `${r.label}: ${v.matrix[r.code] === 0 ? "don't know" : (v.matrix[r.code] ?? "-")}`)
        .join("; ");
    case QuestionType.TEXT:
      return v.text;
  }
  return "";
}
