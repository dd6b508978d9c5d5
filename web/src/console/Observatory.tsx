import { useState } from "preact/hooks";
import { observatory } from "./api";
import { useQuery } from "./store";
import { message } from "../shared/errors";
import { Theme } from "../gen/panelpulse/v1/question_pb";

const themeName: Record<Theme, string> = {
  [Theme.UNSPECIFIED]: "Other",
  [Theme.RECRUITMENT_CONFIDENCE]: "Recruitment confidence",
  [Theme.TRAINING_INVESTMENT]: "Training investment",
  [Theme.KNOWLEDGE]: "Knowledge",
  [Theme.SKILLS]: "Skills",
  [Theme.BEHAVIOURS]: "Behaviours",
  [Theme.FINDING_TEST]: "Finding tests",
  [Theme.OTHER]: "Other",
};

// Observatory is the analyst's section: the question bank by theme, and
// the codebook download, fetched with the session cookie (no key in a URL).
export function Observatory() {
  const q = useQuery("codebook", () => observatory.listCodebook({}));
  const [error, setError] = useState("");
  if (q.state === "loading") return <p class="loading">Loading the question bank…</p>;
  if (q.state === "error") return <p role="alert">{message(q.error)}</p>;
  const themes = new Map<string, string[]>();
  for (const question of q.data.questions) {
    const name = themeName[question.theme];
    const list = themes.get(name) ?? [];
    list.push(question.title);
    themes.set(name, list);
  }
  const download = async () => {
    setError("");
    const res = await fetch("/export/v1/codebook.csv", {
      credentials: "same-origin",
      headers: { "X-PanelPulse-Request": "1" },
    });
    if (!res.ok) {
      setError(await res.text());
      return;
    }
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement("a");
    a.href = url;
    a.download = "codebook.csv";
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <section aria-labelledby="bank-h">
      <h2 id="bank-h">Questions by theme</h2>
      <p>
        {q.data.questions.length} questions in {themes.size} themes.{" "}
        <button type="button" onClick={download}>
          Download the codebook (CSV)
        </button>
      </p>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {[...themes].map(([theme, titles]) => (
        <section key={theme} aria-label={theme}>
          <h3>{theme}</h3>
          <ul>
            {titles.map((t) => (
              <li key={t}>{t}</li>
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}
