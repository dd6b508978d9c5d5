// The panellist app: joining when there is no session, else today's
// questions, history and settings, with how others answered one question.
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { panellist } from "./api";
import { History } from "./History";
import { Join } from "./Join";
import { Notifications } from "./Notifications";
import { clearOutbox } from "./outbox";
import { forgetPush } from "./push";
import { Results } from "./Results";
import { roomLink } from "./Room";
import { clearSession, getSession, type Session } from "./session";
import { Settings } from "./Settings";
import { Today } from "./Today";

type Tab = "today" | "history" | "settings";
type View = { name: Tab } | { name: "results"; key: string; from: Tab };

// invite reads the programme and code from the URL fragment of an invite
// link (/app/#tenant=llr&code=...), then takes them out of the address.
function invite(): { tenant: string; code: string } {
  const f = new URLSearchParams(window.location.hash.slice(1));
  const code = f.get("code") ?? "";
  if (code) history.replaceState(null, "", window.location.pathname + window.location.search);
  return { tenant: f.get("tenant") ?? "", code };
}

// openedPush acknowledges the notification the app was opened from
// (/app/?push=ID, the link of a push), then takes it out of the address.
function openedPush(): void {
  const id = new URLSearchParams(window.location.search).get("push");
  if (!id || !/^\d+$/.test(id)) return;
  history.replaceState(null, "", window.location.pathname);
  panellist.acknowledgeNotification({ pushId: BigInt(id) }).catch(() => {
    // Offline or already erased: the question is shown all the same.
  });
}

function IOSHint(): JSX.Element {
  const ios = /iPhone|iPad|iPod/.test(navigator.userAgent);
  const standalone = window.matchMedia("(display-mode: standalone)").matches;
  if (!ios || standalone) return <></>;
  return (
    <p class="hint ios" id="ios-hint">
      On iPhone, notifications need PanelPulse on your home screen: tap Share, then “Add to Home Screen”, and
      open it from there.
    </p>
  );
}

export function App(): JSX.Element {
  const [link] = useState(invite);
  // room is a roundtable's join code from a scanned link, joined once the
  // panellist is signed in.
  const [room] = useState(roomLink);
  const [session, setSession] = useState<Session | null>(() => (link.code ? null : getSession()));
  const [view, setView] = useState<View>({ name: "today" });

  useEffect(() => {
    if (session) openedPush();
  }, [session]);

  if (!session) return <Join tenant={link.tenant} code={link.code} onJoined={setSession} />;

  // leave forgets the session on this phone; the server has ended it
  // (withdrawing) or is asked to first (signing out; offline, the token
  // is forgotten all the same).
  const leave = () => {
    clearSession();
    void clearOutbox();
    forgetPush();
    navigator.serviceWorker?.controller?.postMessage("signed-out");
    setSession(null);
  };
  const signOut = () => void panellist.endSession({}).then(leave, leave);
  const results = (key: string) =>
    setView({ name: "results", key, from: view.name === "results" ? view.from : view.name });
  const tab = view.name === "results" ? view.from : view.name;

  return (
    <>
      <header class="top">
        <span class="brand">PanelPulse</span>
        {session.name && <span class="who">{session.name}</span>}
      </header>
      <IOSHint />
      {view.name === "today" && <Notifications tenant={session.tenant} />}
      {view.name === "today" && <Today onResults={results} room={room} />}
      {view.name === "history" && <History onResults={results} />}
      {view.name === "settings" && <Settings onSignOut={signOut} onWithdrawn={leave} />}
      {view.name === "results" && (
        <Results questionKey={view.key} onBack={() => setView({ name: view.from })} />
      )}
      <nav class="tabs" aria-label="Sections">
        {(["today", "history", "settings"] as const).map((n) => (
          <button
            type="button"
            id={`tab-${n}`}
            aria-current={tab === n ? "page" : undefined}
            onClick={() => setView({ name: n })}
          >
            {n === "today" ? "Today" : n === "history" ? "History" : "Settings"}
          </button>
        ))}
      </nav>
    </>
  );
}
