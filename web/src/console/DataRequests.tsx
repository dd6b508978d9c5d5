import { useState } from "preact/hooks";
import { admin, dataRequests } from "./api";
import { invalidate, useQuery } from "./store";
import { message } from "../shared/errors";
import type { Panellist } from "../gen/panelpulse/v1/admin_pb";
import { statusLabel } from "./panellists";

// DataRequests answers a panellist's request received outside the app:
// find them by ref, name or email, then download everything held about
// them or erase them (after typing their ref again). Both are recorded in
// the audit log.
export function DataRequests() {
  const [search, setSearch] = useState("");
  const [done, setDone] = useState("");
  const term = search.trim();
  return (
    <section aria-labelledby="requests-h">
      <h2 id="requests-h">Find the panellist</h2>
      <label for="request-search">Ref, name or email</label>{" "}
      <input id="request-search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
      {done && (
        <p role="status" data-testid="request-done">
          {done}
        </p>
      )}
      {term !== "" && <Found key={term} term={term} onErased={setDone} />}
    </section>
  );
}

// Found lists the first 20 panellists the server finds for term.
function Found({ term, onErased }: { term: string; onErased: (s: string) => void }) {
  const q = useQuery(`panellists/${term}`, () => admin.listPanellists({ search: term, pageSize: 20 }));
  if (q.state === "loading") return <p class="loading">Searching…</p>;
  if (q.state === "error") return <p role="alert">{message(q.error)}</p>;
  if (q.data.panellists.length === 0) return <p>No panellist matches.</p>;
  return (
    <>
      {q.data.panellists.map((p) => (
        <Person key={String(p.id)} p={p} onErased={onErased} />
      ))}
    </>
  );
}

function Person({ p, onErased }: { p: Panellist; onErased: (s: string) => void }) {
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState("");
  const [error, setError] = useState("");
  const [status, setStatus] = useState("");
  const download = async () => {
    setError("");
    try {
      const res = await dataRequests.exportPanellistData({ panellistId: p.id });
      const url = URL.createObjectURL(new Blob([res.json], { type: "application/json" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = `panellist-${p.ref}.json`;
      a.click();
      URL.revokeObjectURL(url);
      setStatus(`Their data was downloaded as panellist-${p.ref}.json.`);
      invalidate("audit");
    } catch (err) {
      setError(message(err));
    }
  };
  const erase = async (e: Event) => {
    e.preventDefault();
    setError("");
    try {
      const res = await dataRequests.erasePanellist({ panellistId: p.id, confirmRef: typed.trim() });
      onErased(
        `${p.ref} was erased: identity, contacts and devices are gone${res.answersKept ? "; their answers stay as anonymous rows" : ", with their answers"}.`,
      );
      invalidate("panellists/");
      invalidate("audit");
      invalidate("home");
    } catch (err) {
      setError(message(err));
    }
  };
  return (
    <article class="person" data-panellist={p.ref}>
      <h3>
        {p.name} <span class="band">{p.ref}</span>
      </h3>
      <p>
        {p.email} · {p.role || "no role"} · {p.businessRef} ({p.sector}) · {statusLabel[p.status]}
      </p>
      <button type="button" class="export" onClick={download}>
        Download their data
      </button>{" "}
      {!confirming ? (
        <button type="button" class="danger" onClick={() => setConfirming(true)}>
          Erase…
        </button>
      ) : (
        <form class="inline-form" onSubmit={erase}>
          <label for={`erase-${p.id}`}>Type {p.ref} to erase them for good</label>
          <input id={`erase-${p.id}`} value={typed} onInput={(e) => setTyped(e.currentTarget.value)} />
          <button type="submit" class="danger" disabled={typed.trim() !== p.ref}>
            Erase {p.ref}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </form>
      )}
      {status && <p role="status">{status}</p>}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </article>
  );
}
