import { useState } from "preact/hooks";
import { admin } from "./api";
import { invalidate } from "./store";
import { message } from "../shared/errors";
import { href, useRoute } from "./route";
import type { ImportProblem, ImportedBusiness } from "../gen/panelpulse/v1/admin_pb";

type Kind = "businesses" | "panellists";

const columns: Record<Kind, string> = {
  businesses: "ref,name,sic,employees,district",
  panellists: "ref,business_ref,name,email,role,time_zone,delivery_time (the last three optional)",
};

type Checked = {
  csv: string;
  file: string;
  imported: number;
  problems: ImportProblem[];
  businesses: ImportedBusiness[];
};

async function run(kind: Kind, csv: string, dryRun: boolean) {
  if (kind === "businesses") return admin.importBusinesses({ csv, dryRun });
  const r = await admin.importPanellists({ csv, dryRun });
  return { ...r, businesses: [] };
}

// Imports brings businesses and panellists in from a CSV file: the file is
// checked first (a dry run that writes nothing) and shows each bad row's
// line, column and rule, and the sector each SIC code maps to; only a
// file without problems can then be imported.
export function Imports() {
  const { rest } = useRoute();
  const kind: Kind = rest[0] === "panellists" ? "panellists" : "businesses";
  return (
    <>
      <nav aria-label="What to import" class="tabs">
        <a href={href("imports", ["businesses"])} aria-current={kind === "businesses" ? "page" : undefined}>
          Businesses
        </a>{" "}
        <a href={href("imports", ["panellists"])} aria-current={kind === "panellists" ? "page" : undefined}>
          Panellists
        </a>
      </nav>
      <ImportForm key={kind} kind={kind} />
    </>
  );
}

function ImportForm({ kind }: { kind: Kind }) {
  const [checked, setChecked] = useState<Checked | null>(null);
  const [done, setDone] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const choose = async (e: Event) => {
    const file = (e.currentTarget as HTMLInputElement).files?.[0];
    setChecked(null);
    setDone("");
    setError("");
    if (!file) return;
    setBusy(true);
    try {
      const csv = await file.text();
      const r = await run(kind, csv, true);
      setChecked({
        csv,
        file: file.name,
        imported: r.imported,
        problems: r.problems,
        businesses: r.businesses,
      });
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  };
  const commit = async () => {
    if (!checked) return;
    setBusy(true);
    setError("");
    try {
      const r = await run(kind, checked.csv, false);
      if (r.problems.length > 0) {
        setChecked({ ...checked, problems: r.problems, imported: 0 });
      } else {
        setDone(`Imported ${r.imported} ${kind} from ${checked.file}.`);
        setChecked(null);
        invalidate("home");
      }
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="import-h">
      <h2 id="import-h">Import {kind}</h2>
      <p class="note">
        A CSV file with a header row: <code>{columns[kind]}</code>. The file is checked first; nothing is
        stored until you import it.
      </p>
      <label for="import-file">CSV file</label>{" "}
      <input id="import-file" type="file" accept=".csv,text/csv" onChange={choose} disabled={busy} />
      {busy && <p class="loading">Working…</p>}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {done && (
        <p role="status" data-testid="import-done">
          {done}
        </p>
      )}
      {checked && <CheckResult kind={kind} c={checked} busy={busy} onCommit={commit} />}
    </section>
  );
}

function CheckResult({
  kind,
  c,
  busy,
  onCommit,
}: {
  kind: Kind;
  c: Checked;
  busy: boolean;
  onCommit: () => void;
}) {
  if (c.problems.length > 0)
    return (
      <div data-testid="import-check">
        <p role="status" class="short">
          {c.problems.length} {c.problems.length === 1 ? "row has a problem" : "rows have problems"} in{" "}
          {c.file}. Nothing can be imported until the file is fixed.
        </p>
        <div class="table-wrap">
          <table data-testid="import-problems">
            <caption class="sr-only">Problems found in the file</caption>
            <thead>
              <tr>
                <th scope="col" class="num">
                  Line
                </th>
                <th scope="col">Column</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {c.problems.map((p, i) => (
                <tr key={i} data-line={p.line}>
                  <td class="num">{p.line}</td>
                  <td data-col="column">{p.column || "whole row"}</td>
                  <td data-col="rule">{p.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    );
  return (
    <div data-testid="import-check">
      <p role="status">
        {c.file} is ready: {c.imported} {kind} will be imported (new ones added, known refs updated).
      </p>
      {kind === "businesses" && (
        <div class="table-wrap">
          <table data-testid="import-preview">
            <caption class="sr-only">Businesses in the file and their sectors</caption>
            <thead>
              <tr>
                <th scope="col" class="num">
                  Line
                </th>
                <th scope="col">Ref</th>
                <th scope="col">Name</th>
                <th scope="col">SIC</th>
                <th scope="col">Sector</th>
                <th scope="col">Size</th>
              </tr>
            </thead>
            <tbody>
              {c.businesses.map((b) => (
                <tr key={b.line} data-ref={b.ref}>
                  <td class="num">{b.line}</td>
                  <td>{b.ref}</td>
                  <td>{b.name}</td>
                  <td>{b.sic}</td>
                  <td data-col="sector">{b.sector}</td>
                  <td>{b.sizeBand}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <button type="button" id="import-commit" onClick={onCommit} disabled={busy || c.imported === 0}>
        Import {c.imported} {kind}
      </button>
    </div>
  );
}
