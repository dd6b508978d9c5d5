import { roundtables } from "./api";
import { useQuery } from "./store";
import { href } from "./route";
import { message } from "../shared/errors";
import { evidenceText, latestVerdict, statusName, summaryCSV } from "./rtformat";

// Summary is a roundtable's statements, evidence and verdicts: a page to
// print and the same rows as a CSV download.
export function Summary({ roundtableId }: { roundtableId: number }) {
  const rt = useQuery(`rt/get/${roundtableId}`, () =>
    roundtables.getRoundtable({ roundtableId: BigInt(roundtableId) }),
  );
  const fs = useQuery(`rt/findings/${roundtableId}`, () =>
    roundtables.listFindings({ roundtableId: BigInt(roundtableId), pageSize: 100 }),
  );
  if (rt.state === "loading" || fs.state === "loading") return <p class="loading">Loading the summary…</p>;
  if (rt.state === "error") return <p role="alert">{message(rt.error)}</p>;
  if (fs.state === "error") return <p role="alert">{message(fs.error)}</p>;
  const r = rt.data.roundtable;
  const findings = fs.data.findings;
  const download = () => {
    const url = URL.createObjectURL(new Blob([summaryCSV(findings)], { type: "text/csv" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = `roundtable-${roundtableId}-summary.csv`;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <section aria-labelledby="sum-h" class="summary">
      <p class="no-print">
        <a href={href("roundtables", [String(roundtableId)])}>Back to the roundtable</a>{" "}
        <button type="button" id="summary-csv" onClick={download}>
          Download CSV
        </button>{" "}
        <button type="button" id="summary-print" onClick={() => print()}>
          Print
        </button>
      </p>
      <h2 id="sum-h">
        {r?.title} · {r?.date}
      </h2>
      {r?.audience && <p>{r.audience}</p>}
      <div class="table-wrap">
        <table id="summary-table">
          <thead>
            <tr>
              <th scope="col">Statement</th>
              <th scope="col">Verdict</th>
              <th scope="col">Evidence</th>
            </tr>
          </thead>
          <tbody>
            {findings.map((f) => (
              <tr key={String(f.id)} data-finding={String(f.id)}>
                <td>{f.statement}</td>
                <td>{statusName[f.status]}</td>
                <td>{evidenceText(latestVerdict(f)?.evidence) || "No verdict yet"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
