// The panellist's session, kept in this browser for the app alone: the
// programme, the session token from Enrol or Recover, and the name to greet.
// Staff consoles never read it (they use an HttpOnly cookie).
export type Session = { tenant: string; token: string; name: string };

const key = "panelpulse.app.session";

export function getSession(): Session | null {
  try {
    const raw = localStorage.getItem(key);
    if (!raw) return null;
    const s = JSON.parse(raw) as Partial<Session>;
    return s.tenant && s.token ? { tenant: s.tenant, token: s.token, name: s.name ?? "" } : null;
  } catch {
    return null;
  }
}

export function setSession(s: Session): void {
  localStorage.setItem(key, JSON.stringify(s));
}

export function clearSession(): void {
  localStorage.removeItem(key);
}
