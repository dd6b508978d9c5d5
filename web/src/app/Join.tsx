// Joining: the invite link carries the programme and the code in the URL
// fragment (never sent to a server in a query string); the code can also
// be typed. Consent is shown with its version and recorded by Enrol. A
// panellist who joined on another phone signs in with a recovery code.
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { message } from "../shared/errors";
import { panellist } from "./api";
import { setSession, type Session } from "./session";

// consentVersion is the privacy notice shown below; Enrol records it.
export const consentVersion = "panelpulse-2026-1";

export function Join(props: { tenant: string; code: string; onJoined: (s: Session) => void }): JSX.Element {
  const [tenant, setTenant] = useState(props.tenant);
  const [code, setCode] = useState(props.code);
  const [agreed, setAgreed] = useState(false);
  const [recover, setRecover] = useState(false);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setError("");
    if (!recover && !agreed) {
      setError("Please read the privacy notice and tick the box to agree before joining.");
      return;
    }
    setBusy(true);
    try {
      const res = recover
        ? await panellist.recover({ tenant: tenant.trim(), recoveryCode: code.trim() })
        : await panellist.enrol({ tenant: tenant.trim(), inviteCode: code.trim(), consentVersion });
      const s = { tenant: tenant.trim(), token: res.sessionToken, name: res.displayName };
      setSession(s);
      props.onJoined(s);
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="join-title">
      <h1 id="join-title">{recover ? "Sign in on this phone" : "Join the panel"}</h1>
      <form onSubmit={submit} noValidate>
        <label class="field">
          Programme
          <input
            id="tenant"
            value={tenant}
            autoComplete="off"
            onInput={(e) => setTenant(e.currentTarget.value)}
          />
        </label>
        <label class="field">
          {recover ? "Recovery code from your other phone" : "Invite code from your letter"}
          <input
            id="code"
            value={code}
            autoComplete="one-time-code"
            autoCapitalize="characters"
            onInput={(e) => setCode(e.currentTarget.value)}
          />
        </label>
        {!recover && (
          <div class="consent" id="consent">
            <h2>Privacy notice (version {consentVersion})</h2>
            <p>
              Your programme asks you one or two short questions on working days. Your answers are combined
              with other businesses' answers to plan local skills training; results are only published for
              groups large enough that no business can be picked out. You can pause, download your data, or
              leave and have your details erased at any time in Settings.
            </p>
            <label class="choice">
              <input
                id="agree"
                type="checkbox"
                checked={agreed}
                onChange={(e) => setAgreed(e.currentTarget.checked)}
              />
              <span>I have read the privacy notice and agree to take part.</span>
            </label>
          </div>
        )}
        {error && (
          <p class="status error" role="alert">
            {error}
          </p>
        )}
        <div class="actions">
          <button type="submit" id="join" disabled={busy}>
            {recover ? "Sign in" : "Join"}
          </button>
          <button
            type="button"
            class="link"
            onClick={() => {
              setRecover(!recover);
              setError("");
            }}
          >
            {recover ? "I have an invite code" : "Joined already on another phone?"}
          </button>
        </div>
      </form>
    </section>
  );
}
