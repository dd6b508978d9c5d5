// The offer of notifications, shown when the programme has a Firebase web
// configuration: permission is asked only when the panellist presses the
// button; once granted, each open registers again (a changed token is
// sent). Without a configuration nothing is shown, and today's questions
// are checked each time the app is opened.
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { message } from "../shared/errors";
import { firebaseConfig, registerPush, type FirebaseWebConfig } from "./push";

type Note = { ok: boolean; text: string };

const failed = (e: unknown): Note => ({
  ok: false,
  text: `Notifications could not be set up: ${message(e)} Today's questions are still here whenever you open the app.`,
});

export function Notifications({ tenant }: { tenant: string }): JSX.Element {
  const [cfg, setCfg] = useState<FirebaseWebConfig | null>(null);
  const [permission, setPermission] = useState(() =>
    "Notification" in window && "serviceWorker" in navigator ? Notification.permission : null,
  );
  const [note, setNote] = useState<Note | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!permission) return;
    let live = true;
    void firebaseConfig(tenant).then((c) => {
      if (!live || !c) return;
      setCfg(c);
      if (Notification.permission === "granted")
        registerPush(c).catch((e: unknown) => live && setNote(failed(e)));
    });
    return () => {
      live = false;
    };
  }, [tenant]);

  if (!cfg || !permission) return <></>;

  async function enable(c: FirebaseWebConfig) {
    setBusy(true);
    setNote(null);
    try {
      const p = await Notification.requestPermission();
      setPermission(p);
      if (p !== "granted") {
        setNote({ ok: false, text: "Notifications are blocked for PanelPulse in this browser's settings." });
        return;
      }
      await registerPush(c);
      setNote({ ok: true, text: "You will get a notification when questions arrive." });
    } catch (e) {
      setNote(failed(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="notifications" id="notifications">
      {permission === "default" && (
        <button type="button" id="enable-notifications" disabled={busy} onClick={() => void enable(cfg)}>
          Get a notification when questions arrive
        </button>
      )}
      {permission === "denied" && !note && (
        <p class="hint">Notifications are blocked for PanelPulse in this browser's settings.</p>
      )}
      {note && (
        <p
          id="notifications-note"
          class={`status ${note.ok ? "saved" : "error"}`}
          role={note.ok ? "status" : "alert"}
        >
          {note.text}
        </p>
      )}
    </section>
  );
}
