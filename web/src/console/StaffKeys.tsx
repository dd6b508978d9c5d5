import { useState } from "preact/hooks";
import { keys } from "./api";
import { invalidate, useQuery } from "./store";
import { message } from "../shared/errors";
import { when } from "./time";
import { StaffRole } from "../gen/panelpulse/v1/staff_pb";
import type { StaffKey } from "../gen/panelpulse/v1/staff_key_pb";

export const roleLabel: Record<StaffRole, string> = {
  [StaffRole.UNSPECIFIED]: "",
  [StaffRole.ADMIN]: "Admin",
  [StaffRole.ANALYST]: "Analyst",
  [StaffRole.FACILITATOR]: "Facilitator",
};

// StaffKeys is where an admin issues staff API keys (each shown once),
// sees who holds which and when it was last used, and revokes them. The
// key you are signed in with cannot be revoked here: another admin does it.
export function StaffKeys() {
  const [showRevoked, setShowRevoked] = useState(false);
  const [pages, setPages] = useState<string[]>([""]);
  return (
    <>
      <IssueKey onIssued={() => setPages([""])} />
      <section aria-labelledby="keys-h">
        <h2 id="keys-h">Staff keys</h2>
        <label class="check">
          <input
            type="checkbox"
            id="show-revoked"
            checked={showRevoked}
            onChange={(e) => {
              setShowRevoked(e.currentTarget.checked);
              setPages([""]);
            }}
          />{" "}
          Show revoked keys
        </label>
        <div class="table-wrap">
          <table data-testid="staff-keys">
            <caption class="sr-only">Staff keys of the programme</caption>
            <thead>
              <tr>
                <th scope="col">Holder</th>
                <th scope="col">Role</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            {pages.map((token, i) => (
              <KeyPage
                key={`${showRevoked}-${token}`}
                token={token}
                showRevoked={showRevoked}
                last={i === pages.length - 1}
                onMore={(next) => setPages([...pages, next])}
              />
            ))}
          </table>
        </div>
      </section>
    </>
  );
}

function KeyPage(props: { token: string; showRevoked: boolean; last: boolean; onMore: (t: string) => void }) {
  const q = useQuery(`keys/${props.showRevoked}/${props.token}`, () =>
    keys.listStaffKeys({ pageToken: props.token, includeRevoked: props.showRevoked }),
  );
  if (q.state === "loading")
    return (
      <tbody>
        <tr>
          <td colSpan={5} class="loading">
            Loading keys…
          </td>
        </tr>
      </tbody>
    );
  if (q.state === "error")
    return (
      <tbody>
        <tr>
          <td colSpan={5} role="alert">
            {message(q.error)}
          </td>
        </tr>
      </tbody>
    );
  const next = q.data.nextPageToken;
  return (
    <tbody>
      {q.data.keys.map((k) => (
        <KeyRow key={String(k.id)} k={k} />
      ))}
      {props.last && next && (
        <tr>
          <td colSpan={5}>
            <button type="button" onClick={() => props.onMore(next)}>
              Show more keys
            </button>
          </td>
        </tr>
      )}
    </tbody>
  );
}

function KeyRow({ k }: { k: StaffKey }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState("");
  const revoke = async () => {
    setError("");
    try {
      await keys.revokeStaffKey({ id: k.id });
      invalidate("keys/");
      invalidate("audit");
    } catch (err) {
      setError(message(err));
    }
  };
  return (
    <tr data-key={String(k.id)}>
      <th scope="row">{k.label}</th>
      <td>{roleLabel[k.role]}</td>
      <td>{when(k.createdAt)}</td>
      <td data-col="last-used">{k.lastUsedAt ? when(k.lastUsedAt) : "never"}</td>
      <td data-col="status">
        {k.revokedAt ? (
          `Revoked ${when(k.revokedAt)}`
        ) : k.current ? (
          "Active (your key)"
        ) : confirming ? (
          <span class="confirm" role="group" aria-label={`Revoke ${k.label}`}>
            Active. Revoke it? Its holder is signed out at once.{" "}
            <button type="button" class="danger" onClick={revoke}>
              Yes, revoke
            </button>{" "}
            <button type="button" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </span>
        ) : (
          <>
            Active{" "}
            <button type="button" onClick={() => setConfirming(true)}>
              Revoke
            </button>
          </>
        )}
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
      </td>
    </tr>
  );
}

function IssueKey({ onIssued }: { onIssued: () => void }) {
  const [label, setLabel] = useState("");
  const [role, setRole] = useState<StaffRole>(StaffRole.ANALYST);
  const [secret, setSecret] = useState("");
  const [holder, setHolder] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError("");
    try {
      const res = await keys.createStaffKey({ label: label.trim(), role });
      setSecret(res.secret);
      setHolder(res.key?.label ?? "");
      setLabel("");
      invalidate("keys/");
      invalidate("audit");
      onIssued();
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="issue-h">
      <h2 id="issue-h">Issue a key</h2>
      {secret && (
        <div class="secret" role="status">
          <p>
            The key for <strong>{holder}</strong>. Give it to them now: it is not shown again.
          </p>
          <code data-testid="new-secret">{secret}</code>{" "}
          <button type="button" onClick={() => setSecret("")}>
            Done
          </button>
        </div>
      )}
      <form class="inline-form" onSubmit={submit}>
        <label for="key-label">Holder</label>
        <input
          id="key-label"
          required
          maxLength={100}
          placeholder="e.g. Asha, research team"
          value={label}
          onInput={(e) => setLabel(e.currentTarget.value)}
        />
        <label for="key-role">Role</label>
        <select id="key-role" value={String(role)} onChange={(e) => setRole(Number(e.currentTarget.value))}>
          {[StaffRole.ADMIN, StaffRole.ANALYST, StaffRole.FACILITATOR].map((r) => (
            <option key={r} value={String(r)}>
              {roleLabel[r]}
            </option>
          ))}
        </select>
        <button type="submit" disabled={busy}>
          {busy ? "Issuing…" : "Issue key"}
        </button>
        {error && (
          <p role="alert" class="error" id="issue-error">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}
