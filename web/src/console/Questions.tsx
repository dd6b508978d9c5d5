// Questions is the question bank: the latest version of every question, a
// page at a time, by theme, live or archived; #questions/KEY edits one and
// #questions/new writes a new one (QuestionEditor).
import { useState } from "preact/hooks";
import { admin } from "./api";
import { useQuery } from "./store";
import { href, useRoute } from "./route";
import { message } from "../shared/errors";
import { QuestionEditor, themeName, themeNames, typeName } from "./QuestionEditor";
import { Theme } from "../gen/panelpulse/v1/question_pb";

export function Questions() {
  const r = useRoute();
  if (r.rest[0]) return <QuestionEditor key={r.rest[0]} qkey={r.rest[0]} />;
  return <QuestionList />;
}

function QuestionList() {
  const r = useRoute();
  const theme = Number(r.query.get("theme") ?? 0) as Theme;
  const archived = r.query.get("archived") === "1";
  const [tokens, setTokens] = useState<string[]>([""]);
  const filter = (t: Theme, a: boolean) => {
    setTokens([""]);
    location.hash = href("questions", [], {
      ...(t ? { theme: String(t) } : {}),
      ...(a ? { archived: "1" } : {}),
    });
  };
  return (
    <>
      <div class="toolbar">
        <a class="button" href={href("questions", ["new"])}>
          New question
        </a>
        <label>
          Theme
          <select
            name="theme-filter"
            value={theme}
            onChange={(e) => filter(Number(e.currentTarget.value) as Theme, archived)}
          >
            <option value={0}>Every theme</option>
            {themeNames.map(([t, n]) => (
              <option value={t}>{n}</option>
            ))}
          </select>
        </label>
        <label class="check">
          <input
            type="checkbox"
            name="archived-filter"
            checked={archived}
            onChange={(e) => filter(theme, e.currentTarget.checked)}
          />
          Archived
        </label>
      </div>
      <div class="table-wrap">
        <table data-testid="questions">
          <thead>
            <tr>
              <th scope="col">Question</th>
              <th scope="col">Theme</th>
              <th scope="col">Type</th>
              <th scope="col" class="num">
                Version
              </th>
            </tr>
          </thead>
          {tokens.map((t, i) => (
            <Page
              key={t}
              token={t}
              theme={theme}
              archived={archived}
              more={i === tokens.length - 1 ? (n) => setTokens([...tokens, n]) : undefined}
            />
          ))}
        </table>
      </div>
    </>
  );
}

function Page(p: { token: string; theme: Theme; archived: boolean; more?: (next: string) => void }) {
  const q = useQuery(`questions/list/${p.theme}/${p.archived}/${p.token}`, () =>
    admin.listQuestions({ pageSize: 50, pageToken: p.token, theme: p.theme, archived: p.archived }),
  );
  if (q.state !== "ready")
    return (
      <tbody>
        <tr>
          <td colSpan={4} role={q.state === "error" ? "alert" : undefined}>
            {q.state === "error" ? message(q.error) : "Loading…"}
          </td>
        </tr>
      </tbody>
    );
  const next = q.data.nextPageToken;
  return (
    <tbody>
      {q.data.questions.length === 0 && p.token === "" && (
        <tr>
          <td colSpan={4}>No question here yet.</td>
        </tr>
      )}
      {q.data.questions.map((x) => (
        <tr data-key={x.key}>
          <th scope="row">
            <a href={href("questions", [x.key])}>{x.title}</a>
            <div class="hint">{x.key}</div>
          </th>
          <td>{themeName(x.theme)}</td>
          <td>{typeName(x.spec?.type ?? 0)}</td>
          <td class="num">{x.version}</td>
        </tr>
      ))}
      {next && p.more && (
        <tr>
          <td colSpan={4}>
            <button type="button" onClick={() => p.more?.(next)}>
              More questions
            </button>
          </td>
        </tr>
      )}
    </tbody>
  );
}
