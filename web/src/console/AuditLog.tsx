import { useEffect, useState } from "preact/hooks";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { audit, keys } from "./api";
import { invalidate, useQuery } from "./store";
import { message } from "../shared/errors";
import { go, href, useRoute } from "./route";
import { when } from "./time";
import { roleLabel } from "./StaffKeys";
import type { AuditEvent } from "../gen/panelpulse/v1/audit_pb";

type Filters = { action: string; key: string; from: string; to: string };

// dayStart is the instant a "YYYY-MM-DD" day starts in UTC; the "to" day
// is included, so the range ends at the start of the next day.
function dayStart(day: string, plusDays = 0) {
  const d = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return undefined;
  d.setUTCDate(d.getUTCDate() + plusDays);
  return timestampFromDate(d);
}

// AuditLog shows what staff did, newest first: sign-ins, changes
// (accepted or refused), key changes and micro-data downloads, filtered by
// action, staff key and days. The filters live in the location, so a view
// can be shared as a link.
export function AuditLog() {
  const { query } = useRoute();
  const f: Filters = {
    action: query.get("action") ?? "",
    key: query.get("key") ?? "",
    from: query.get("from") ?? "",
    to: query.get("to") ?? "",
  };
  const id = JSON.stringify(f);
  // Every other screen's changes land here: read the log afresh on arrival.
  useEffect(() => invalidate("audit/"), []);
  return (
    <>
      <FilterForm key={id} f={f} />
      <section aria-labelledby="audit-h">
        <h2 id="audit-h">Staff actions</h2>
        <Events key={id} f={f} />
      </section>
    </>
  );
}

function FilterForm({ f }: { f: Filters }) {
  const [v, setV] = useState(f);
  const staffKeys = useQuery("keys/audit", () => keys.listStaffKeys({ includeRevoked: true, pageSize: 500 }));
  const submit = (e: Event) => {
    e.preventDefault();
    const q: Record<string, string> = {};
    for (const [k, val] of Object.entries(v)) if (val.trim() !== "") q[k] = val.trim();
    go(href("audit", [], q));
  };
  const set = (k: keyof Filters) => (e: Event) =>
    setV({ ...v, [k]: (e.currentTarget as HTMLInputElement).value });
  return (
    <form class="filters" onSubmit={submit} aria-label="Filter the audit log">
      <div>
        <label for="audit-action">Action</label>
        <input id="audit-action" placeholder="e.g. CreateWave" value={v.action} onInput={set("action")} />
      </div>
      <div>
        <label for="audit-key">Staff key</label>
        <select id="audit-key" value={v.key} onChange={set("key")}>
          <option value="">Everyone</option>
          {staffKeys.state === "ready" &&
            staffKeys.data.keys.map((k) => (
              <option key={String(k.id)} value={String(k.id)}>
                {k.label} ({roleLabel[k.role]}
                {k.revokedAt ? ", revoked" : ""})
              </option>
            ))}
        </select>
      </div>
      <div>
        <label for="audit-from">From (UTC day)</label>
        <input id="audit-from" type="date" value={v.from} onInput={set("from")} />
      </div>
      <div>
        <label for="audit-to">To (UTC day, included)</label>
        <input id="audit-to" type="date" value={v.to} onInput={set("to")} />
      </div>
      <div>
        <button type="submit">Filter</button> <a href={href("audit")}>Clear</a>
      </div>
    </form>
  );
}

function Events({ f }: { f: Filters }) {
  const [pages, setPages] = useState<string[]>([""]);
  return (
    <div class="table-wrap">
      <table data-testid="audit-events">
        <caption class="sr-only">Staff actions, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">Outcome</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        {pages.map((token, i) => (
          <EventPage
            key={token}
            f={f}
            token={token}
            last={i === pages.length - 1}
            onMore={(next) => setPages([...pages, next])}
          />
        ))}
      </table>
    </div>
  );
}

function EventPage(props: { f: Filters; token: string; last: boolean; onMore: (t: string) => void }) {
  const { f, token } = props;
  const q = useQuery(`audit/${JSON.stringify(f)}/${token}`, () =>
    audit.listAuditEvents({
      procedure: f.action,
      staffKeyId: f.key ? BigInt(f.key) : 0n,
      from: f.from ? dayStart(f.from) : undefined,
      to: f.to ? dayStart(f.to, 1) : undefined,
      pageToken: token,
    }),
  );
  if (q.state !== "ready")
    return (
      <tbody>
        <tr>
          <td colSpan={5} role={q.state === "error" ? "alert" : undefined} class="loading">
            {q.state === "error" ? message(q.error) : "Loading the audit log…"}
          </td>
        </tr>
      </tbody>
    );
  const next = q.data.nextPageToken;
  return (
    <tbody>
      {props.token === "" && q.data.events.length === 0 && (
        <tr>
          <td colSpan={5}>No staff action matches these filters.</td>
        </tr>
      )}
      {q.data.events.map((e) => (
        <EventRow key={String(e.id)} e={e} />
      ))}
      {props.last && next && (
        <tr>
          <td colSpan={5}>
            <button type="button" onClick={() => props.onMore(next)}>
              Show older actions
            </button>
          </td>
        </tr>
      )}
    </tbody>
  );
}

function EventRow({ e }: { e: AuditEvent }) {
  const slash = e.procedure.lastIndexOf("/");
  const action = e.procedure.slice(slash + 1);
  const service = e.procedure.slice(0, slash).replace(/^\/panelpulse\.v1\./, "");
  return (
    <tr data-event={String(e.id)}>
      <td>{when(e.at)}</td>
      <td data-col="who">
        {e.staffLabel || "unknown key"}
        <span class="band">{roleLabel[e.staffRole]}</span>
      </td>
      <th scope="row" data-col="action">
        {action}
        <span class="band">{service}</span>
      </th>
      <td data-col="outcome" class={e.outcome === "ok" ? "" : "short"}>
        {e.outcome === "ok" ? "done" : e.outcome.replace(/_/g, " ")}
      </td>
      <td>
        <code class="summary">{e.summary}</code>
      </td>
    </tr>
  );
}
