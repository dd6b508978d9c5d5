// Preferences (delivery time, time zone, pause until a date), a recovery
// code for another phone, export of everything held, withdrawal with what
// erasure means, and signing out of this phone.
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { UpdatePreferencesResponse, WithdrawResponse } from "../gen/panelpulse/v1/panellist_pb";
import { message } from "../shared/errors";
import { panellist } from "./api";

function Preferences(): JSX.Element {
  const [prefs, setPrefs] = useState<UpdatePreferencesResponse | null>(null);
  const [time, setTime] = useState("");
  const [zone, setZone] = useState("");
  const [pause, setPause] = useState("");
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);

  function show(p: UpdatePreferencesResponse) {
    setPrefs(p);
    setTime(p.deliveryTime);
    setZone(p.timeZone);
    setPause(p.pauseUntil);
  }
  useEffect(() => {
    // An update without fields changes nothing and returns the current ones.
    panellist.updatePreferences({}).then(show, (e: unknown) => setNote({ ok: false, text: message(e) }));
  }, []);

  async function save(req: { deliveryTime?: string; timeZone?: string; pauseUntil?: string }, done: string) {
    try {
      show(await panellist.updatePreferences(req));
      setNote({ ok: true, text: done });
    } catch (e) {
      setNote({ ok: false, text: message(e) });
    }
  }

  return (
    <form
      id="preferences"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save({ deliveryTime: time, timeZone: zone.trim() }, "Preferences saved.");
      }}
    >
      <h2>When questions come</h2>
      <label class="field">
        Delivery time
        <input id="delivery-time" type="time" value={time} onInput={(e) => setTime(e.currentTarget.value)} />
      </label>
      <label class="field">
        Time zone
        <input id="time-zone" value={zone} onInput={(e) => setZone(e.currentTarget.value)} />
      </label>
      <div class="actions">
        <button type="submit">Save</button>
      </div>
      <h2>Pause</h2>
      <p id="pause-state">
        {prefs?.pauseUntil ? `Paused until ${prefs.pauseUntil}: no questions until then.` : "Not paused."}
      </p>
      <label class="field">
        Pause until
        <input id="pause-until" type="date" value={pause} onInput={(e) => setPause(e.currentTarget.value)} />
      </label>
      <div class="actions">
        <button type="button" id="pause" onClick={() => void save({ pauseUntil: pause }, "Pause saved.")}>
          Pause
        </button>
        {prefs?.pauseUntil && (
          <button
            type="button"
            id="resume"
            onClick={() => void save({ pauseUntil: "" }, "Questions resume.")}
          >
            Resume now
          </button>
        )}
      </div>
      {note && (
        <p class={`status ${note.ok ? "saved" : "error"}`} role={note.ok ? "status" : "alert"}>
          {note.text}
        </p>
      )}
    </form>
  );
}

function Recovery(): JSX.Element {
  const [code, setCode] = useState<{ code: string; until: string } | null>(null);
  const [error, setError] = useState("");
  return (
    <div>
      <h2>Another phone</h2>
      <p>To use PanelPulse on another phone too, make a one-time code here and type it there.</p>
      <button
        type="button"
        id="recovery"
        onClick={() =>
          panellist.createRecoveryCode({}).then(
            (r) =>
              setCode({
                code: r.code,
                until: r.expiresAt
                  ? timestampDate(r.expiresAt).toLocaleTimeString("en-GB", {
                      hour: "2-digit",
                      minute: "2-digit",
                    })
                  : "",
              }),
            (e: unknown) => setError(message(e)),
          )
        }
      >
        Make a code
      </button>
      {code && (
        <p class="code" id="recovery-code">
          <strong>{code.code}</strong> works once, until {code.until}.
        </p>
      )}
      {error && <p role="alert">{error}</p>}
    </div>
  );
}

function Export(): JSX.Element {
  const [href, setHref] = useState("");
  const [error, setError] = useState("");
  return (
    <div>
      <h2>Your data</h2>
      <button
        type="button"
        id="export"
        onClick={() =>
          panellist.exportMyData({}).then(
            (r) => setHref(URL.createObjectURL(new Blob([r.json], { type: "application/json" }))),
            (e: unknown) => setError(message(e)),
          )
        }
      >
        Prepare a copy of my data
      </button>
      {href && (
        <p>
          <a id="export-link" href={href} download="panelpulse-my-data.json">
            Download my data (JSON)
          </a>
        </p>
      )}
      {error && <p role="alert">{error}</p>}
    </div>
  );
}

function Withdraw(props: { onWithdrawn: () => void }): JSX.Element {
  const [erase, setErase] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<WithdrawResponse | null>(null);
  const [error, setError] = useState("");
  if (done) {
    return (
      <div id="withdrawn">
        <h2>You have left the panel</h2>
        <p>
          No more questions will be sent.{" "}
          {done.erased
            ? "Your name, contact details and devices have been erased."
            : "Your details are kept as your programme's policy says."}{" "}
          {done.answersKept
            ? "Your past answers stay only as anonymous rows in the results."
            : "Your answers have been deleted."}
        </p>
        <button type="button" onClick={props.onWithdrawn}>
          Close
        </button>
      </div>
    );
  }
  return (
    <div>
      <h2>Leave the panel</h2>
      <p>
        Leaving stops all questions at once. If you also ask for erasure, your name, contact details and
        phones are deleted now; your past answers are either deleted or kept without anything that links them
        to you, as your programme has decided.
      </p>
      <label class="choice">
        <input
          id="erase"
          type="checkbox"
          checked={erase}
          onChange={(e) => setErase(e.currentTarget.checked)}
        />
        <span>Also erase my details</span>
      </label>
      {!confirming ? (
        <button type="button" id="withdraw" class="danger" onClick={() => setConfirming(true)}>
          Leave the panel…
        </button>
      ) : (
        <div class="confirm" role="alertdialog" aria-labelledby="confirm-text">
          <p id="confirm-text">
            {erase
              ? "Leave and erase your details? This cannot be undone."
              : "Leave the panel? This cannot be undone."}
          </p>
          <button
            type="button"
            id="withdraw-confirm"
            class="danger"
            onClick={() => panellist.withdraw({ erase }).then(setDone, (e: unknown) => setError(message(e)))}
          >
            Yes, leave
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      )}
      {error && <p role="alert">{error}</p>}
    </div>
  );
}

export function Settings(props: { onSignOut: () => void; onWithdrawn: () => void }): JSX.Element {
  return (
    <section aria-labelledby="settings-title" class="settings">
      <h1 id="settings-title">Settings</h1>
      <Preferences />
      <Recovery />
      <Export />
      <Withdraw onWithdrawn={props.onWithdrawn} />
      <h2>This phone</h2>
      <button type="button" id="sign-out" onClick={props.onSignOut}>
        Sign out
      </button>
    </section>
  );
}
