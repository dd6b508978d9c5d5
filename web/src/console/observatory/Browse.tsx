import type { Question } from "../../gen/panelpulse/v1/question_pb";
import { Theme } from "../../gen/panelpulse/v1/question_pb";
import { href } from "../route";

const themeName: Record<Theme, string> = {
  [Theme.UNSPECIFIED]: "Other",
  [Theme.RECRUITMENT_CONFIDENCE]: "Recruitment confidence",
  [Theme.TRAINING_INVESTMENT]: "Training investment",
  [Theme.KNOWLEDGE]: "Knowledge",
  [Theme.SKILLS]: "Skills",
  [Theme.BEHAVIOURS]: "Behaviours",
  [Theme.FINDING_TEST]: "Roundtable findings",
  [Theme.OTHER]: "Other",
};

// latest keeps the newest version of each question key, in bank order.
export function latest(qs: Question[]): Question[] {
  const by = new Map<string, Question>();
  for (const q of qs) {
    const seen = by.get(q.key);
    if (!seen || q.version > seen.version) by.set(q.key, q);
  }
  return [...by.values()];
}

// isFinding tells the statements put to the panel to test a roundtable's
// finding from the programme's own questions.
export function isFinding(q: Question): boolean {
  return q.theme === Theme.FINDING_TEST || q.key.startsWith("finding_");
}

// Browse lists the questions by theme with their wording; the roundtable
// findings are grouped apart, folded.
export function Browse({ questions, query }: { questions: Question[]; query: Record<string, string> }) {
  const themes = new Map<string, Question[]>();
  const findings: Question[] = [];
  for (const q of questions) {
    if (isFinding(q)) {
      findings.push(q);
      continue;
    }
    const name = themeName[q.theme];
    themes.set(name, [...(themes.get(name) ?? []), q]);
  }
  const list = (qs: Question[]) => (
    <ul class="obs-questions">
      {qs.map((q) => (
        <li key={q.key}>
          <a href={href("observatory", [q.key], query)} data-question={q.key}>
            {q.title}
          </a>
          <span class="obs-wording">{q.wording}</span>
        </li>
      ))}
    </ul>
  );
  return (
    <section aria-labelledby="bank-h">
      <h2 id="bank-h">Questions by theme</h2>
      <p>
        {questions.length - findings.length} questions in {themes.size} themes. Choose one to see its trend.
      </p>
      {[...themes].map(([theme, qs]) => (
        <section key={theme} aria-label={theme}>
          <h3>{theme}</h3>
          {list(qs)}
        </section>
      ))}
      {findings.length > 0 && (
        <details class="obs-findings">
          <summary>Roundtable findings ({findings.length} statements tested with the panel)</summary>
          {list(findings)}
        </details>
      )}
    </section>
  );
}
