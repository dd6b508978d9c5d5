import { useState } from "preact/hooks";
import { admin } from "./api";
import { invalidate, useQuery } from "./store";
import { message } from "../shared/errors";
import type { SectorRule } from "../gen/panelpulse/v1/admin_pb";

type Rule = { sicPrefix: string; sector: string };

// SectorMap edits the tenant's SIC to sector rules: the longest matching
// prefix names a business's sector. Saving re-sectors the businesses
// already imported and says how many changed.
export function SectorMap() {
  // The saved sentence outlives the editor, which reloads with the stored map.
  const [status, setStatus] = useState("");
  const q = useQuery("sectors", () => admin.getSectorMap({}));
  if (q.state === "loading") return <p class="loading">Loading the sector map…</p>;
  if (q.state === "error") return <p role="alert">{message(q.error)}</p>;
  return <Editor rules={q.data.rules} status={status} setStatus={setStatus} />;
}

function Editor(props: { rules: SectorRule[]; status: string; setStatus: (s: string) => void }) {
  const { status, setStatus } = props;
  const [rows, setRows] = useState<Rule[]>(
    props.rules.map((r) => ({ sicPrefix: r.sicPrefix, sector: r.sector })),
  );
  const [error, setError] = useState("");
  const set = (i: number, k: keyof Rule, v: string) =>
    setRows(rows.map((r, j) => (j === i ? { ...r, [k]: v } : r)));
  const save = async (e: Event) => {
    e.preventDefault();
    setStatus("");
    setError("");
    try {
      const res = await admin.setSectorMap({
        rules: rows.map((r) => ({ sicPrefix: r.sicPrefix.trim(), sector: r.sector.trim() })),
      });
      setStatus(`Saved. ${res.businessesUpdated} businesses changed sector.`);
      invalidate("sectors");
      invalidate("home");
    } catch (err) {
      setError(message(err));
    }
  };
  return (
    <section aria-labelledby="sectors-h">
      <h2 id="sectors-h">Sector map</h2>
      <p class="note">A SIC 2007 code takes the sector of its longest matching prefix (2 to 5 digits).</p>
      <form onSubmit={save}>
        <div class="table-wrap">
          <table data-testid="sector-rules">
            <caption class="sr-only">SIC prefix to sector rules</caption>
            <thead>
              <tr>
                <th scope="col">SIC prefix</th>
                <th scope="col">Sector</th>
                <th scope="col">
                  <span class="sr-only">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i} data-rule={i}>
                  <td>
                    <input
                      aria-label={`SIC prefix of rule ${i + 1}`}
                      class="prefix"
                      inputMode="numeric"
                      value={r.sicPrefix}
                      onInput={(e) => set(i, "sicPrefix", e.currentTarget.value)}
                    />
                  </td>
                  <td>
                    <input
                      aria-label={`Sector of rule ${i + 1}`}
                      class="sector"
                      value={r.sector}
                      onInput={(e) => set(i, "sector", e.currentTarget.value)}
                    />
                  </td>
                  <td>
                    <button type="button" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <button type="button" id="add-rule" onClick={() => setRows([...rows, { sicPrefix: "", sector: "" }])}>
          Add a rule
        </button>{" "}
        <button type="submit">Save the sector map</button>
        {status && (
          <p role="status" data-testid="sectors-saved">
            {status}
          </p>
        )}
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}
