// Invites issues invite codes for a selection of panellists (by segment,
// by status, or ticked one by one), then offers them as a CSV of codes and
// as printable letters (#invites/letters) with the panellist app's link
// and a QR code for it. Issuing a panellist a new code revokes their
// earlier ones; the letter says so. Codes are shown once: they live only
// in this page until it is closed.
import { useMemo, useState } from "preact/hooks";
import { QrCode } from "./QrCode";
import { listAllPanellists, statusLabel } from "./panellists";
import { admin, staff } from "./api";
import { useQuery } from "./store";
import { go, href, useRoute } from "./route";
import { message } from "../shared/errors";
import type { Invite, Panellist } from "../gen/panelpulse/v1/admin_pb";

type Issued = { slug: string; name: string; invites: Invite[]; people: Map<string, Panellist> };

// issued are the codes of the last CreateInvites call, kept in memory only.
let issued: Issued | null = null;

// inviteLink is the panellist app's join link for a code: the programme
// and the code travel in the fragment, which the app reads and removes.
export function inviteLink(slug: string, code: string): string {
  return `${location.origin}/app/#tenant=${encodeURIComponent(slug)}&code=${encodeURIComponent(code)}`;
}

function csvCell(v: string): string {
  // A leading =, +, - or @ would be a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(v) ? `'${v}` : v;
  return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvOf(i: Issued): string {
  const lines = ["panellist_ref,name,email,code,link"];
  for (const x of i.invites) {
    const p = i.people.get(x.panellistRef);
    lines.push(
      [x.panellistRef, p?.name ?? "", p?.email ?? "", x.code, inviteLink(i.slug, x.code)]
        .map(csvCell)
        .join(","),
    );
  }
  return lines.join("\n") + "\n";
}

type Dim = "all" | "sector" | "sizeBand" | "district" | "role";
const dims: [Dim, string][] = [
  ["all", "Everyone"],
  ["sector", "Sector"],
  ["sizeBand", "Size band"],
  ["district", "District"],
  ["role", "Role"],
];

export function Invites() {
  const r = useRoute();
  if (r.rest[0] === "letters") return <Letters />;
  return <Selection />;
}

function Selection() {
  const who = useQuery("whoami", () => staff.whoAmI({}));
  const list = useQuery("panellists/all", () => listAllPanellists());
  const [status, setStatus] = useState("invited");
  const [dim, setDim] = useState<Dim>("all");
  const [value, setValue] = useState("");
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Issued | null>(issued);
  const people = list.state === "ready" ? list.data : [];
  const shown = useMemo(
    () =>
      people.filter(
        (p) =>
          (status === "" || statusLabel[p.status] === status) &&
          (dim === "all" || value === "" || p[dim] === value),
      ),
    [people, status, dim, value],
  );
  const values = useMemo(
    () => (dim === "all" ? [] : [...new Set(people.map((p) => p[dim]))].filter((v) => v !== "").sort()),
    [people, dim],
  );
  const csvURL = useMemo(
    () => (done ? URL.createObjectURL(new Blob([csvOf(done)], { type: "text/csv" })) : ""),
    [done],
  );
  if (list.state === "error") return <p role="alert">{message(list.error)}</p>;
  if (who.state === "error") return <p role="alert">{message(who.error)}</p>;
  if (list.state !== "ready" || who.state !== "ready") return <p class="loading">Loading the panel…</p>;

  const toggle = (ref: string, on: boolean) => {
    const next = new Set(picked);
    if (on) next.add(ref);
    else next.delete(ref);
    setPicked(next);
  };
  async function issue() {
    setBusy(true);
    setError("");
    try {
      const refs = [...picked];
      const res = await admin.createInvites({ panellistRefs: refs });
      issued = {
        slug: who.state === "ready" ? (who.data.identity?.tenantSlug ?? "") : "",
        name: who.state === "ready" ? (who.data.identity?.tenantName ?? "") : "",
        invites: res.invites,
        people: new Map(people.map((p) => [p.ref, p])),
      };
      setDone(issued);
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <fieldset class="toolbar" aria-label="Choose panellists">
        <label>
          Status
          <select name="status" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
            <option value="">Any</option>
            <option value="invited">Not yet joined</option>
            <option value="active">Joined</option>
            <option value="withdrawn">Withdrawn</option>
          </select>
        </label>
        <label>
          Segment
          <select
            name="dimension"
            value={dim}
            onChange={(e) => {
              setDim(e.currentTarget.value as Dim);
              setValue("");
            }}
          >
            {dims.map(([d, n]) => (
              <option value={d}>{n}</option>
            ))}
          </select>
        </label>
        {dim !== "all" && (
          <label>
            Value
            <select name="value" value={value} onChange={(e) => setValue(e.currentTarget.value)}>
              <option value="">Any</option>
              {values.map((v) => (
                <option value={v}>{v}</option>
              ))}
            </select>
          </label>
        )}
        <button type="button" onClick={() => setPicked(new Set(shown.map((p) => p.ref)))}>
          Select the {shown.length} shown
        </button>
        <button type="button" class="link" onClick={() => setPicked(new Set())}>
          Clear
        </button>
      </fieldset>
      <div class="table-wrap">
        <table data-testid="invite-panellists">
          <thead>
            <tr>
              <th scope="col">Invite</th>
              <th scope="col">Panellist</th>
              <th scope="col">Business</th>
              <th scope="col">Sector</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((p) => (
              <tr data-ref={p.ref}>
                <td>
                  <input
                    type="checkbox"
                    name={`pick-${p.ref}`}
                    aria-label={`Invite ${p.name}`}
                    checked={picked.has(p.ref)}
                    onChange={(e) => toggle(p.ref, e.currentTarget.checked)}
                  />
                </td>
                <th scope="row">
                  {p.name}
                  <div class="hint">{p.ref}</div>
                </th>
                <td>{p.businessRef}</td>
                <td>{p.sector}</td>
                <td>{statusLabel[p.status]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="hint">
        A new code replaces any code the panellist was sent before: older codes stop working.
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="button" name="issue" disabled={busy || picked.size === 0} onClick={issue}>
        Issue {picked.size} invite{picked.size === 1 ? "" : "s"}
      </button>
      {done && (
        <section aria-labelledby="issued-h" data-testid="issued">
          <h2 id="issued-h">
            {done.invites.length} invite{done.invites.length === 1 ? "" : "s"} issued
          </h2>
          <p>Download them now: the codes are not shown again once this page is closed.</p>
          <p class="actions">
            <a class="button" href={csvURL} download="invites.csv" data-testid="csv">
              Download the codes (CSV)
            </a>
            <a class="button" href={href("invites", ["letters"])}>
              Printable letters
            </a>
          </p>
        </section>
      )}
    </>
  );
}

function QR({ text }: { text: string }) {
  return (
    <div class="qr">
      <QrCode text={text} label="QR code of the link" />
    </div>
  );
}

function Letters() {
  const i = issued;
  if (!i) {
    return (
      <p>
        No invites in this page: <a href={href("invites")}>issue them</a> first (codes are shown once).
      </p>
    );
  }
  return (
    <div class="letters">
      <p class="no-print">
        <button type="button" onClick={() => print()}>
          Print {i.invites.length} letter{i.invites.length === 1 ? "" : "s"}
        </button>{" "}
        <button type="button" class="link" onClick={() => go(href("invites"))}>
          Back
        </button>
      </p>
      {i.invites.map((x) => {
        const p = i.people.get(x.panellistRef);
        const link = inviteLink(i.slug, x.code);
        return (
          <article class="letter" data-ref={x.panellistRef}>
            <p class="from">{i.name}</p>
            <h2>Dear {p?.name ?? x.panellistRef},</h2>
            <p>
              You are invited to join our employer panel: a question or two on working days, answered on your
              phone in under a minute.
            </p>
            <p>Scan the code with your phone's camera, or open the link and type the invite code.</p>
            <div class="letter-join">
              <QR text={link} />
              <div>
                <p class="link">{link}</p>
                <p>
                  Invite code: <strong class="code">{x.code}</strong>
                </p>
              </div>
            </div>
            <p class="hint">
              This code replaces any invite code we sent you before; an earlier code no longer works. It can
              be used once.
            </p>
          </article>
        );
      })}
    </div>
  );
}
