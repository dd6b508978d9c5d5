// Push for the panellist app. When the programme has a Firebase web
// configuration (served by the backend), the app offers notifications and
// registers this browser with FCM (a PLATFORM_WEB device), again on each
// open so a changed token is sent; without one (the demo) it only checks
// for questions when opened.
import { Platform } from "../gen/panelpulse/v1/panellist_pb";
import { panellist } from "./api";

export type FirebaseWebConfig = {
  apiKey: string;
  projectId: string;
  appId: string;
  messagingSenderId: string;
  vapidKey?: string;
  [key: string]: string | undefined;
};

const sentKey = "panelpulse.app.fcm-token";

// firebaseConfig fetches the programme's configuration; null when it has
// none (404) or it cannot be read (offline: pushes wait for the next open).
export async function firebaseConfig(tenant: string): Promise<FirebaseWebConfig | null> {
  try {
    const res = await fetch(`/app/firebase-config.json?tenant=${encodeURIComponent(tenant)}`, {
      cache: "no-store",
    });
    return res.ok ? ((await res.json()) as FirebaseWebConfig) : null;
  } catch {
    return null;
  }
}

// registerPush gets this browser's FCM token (loading the SDK) and sends
// it with RegisterDevice when it is new or has changed.
export async function registerPush(cfg: FirebaseWebConfig): Promise<void> {
  const sw = await navigator.serviceWorker.ready;
  const { fcmToken } = await import("./firebase");
  let token: string;
  try {
    token = await fcmToken(cfg, sw);
  } catch (e) {
    console.warn("FCM registration failed", e);
    throw new Error("Firebase, which delivers the notifications, could not be reached.");
  }
  if (localStorage.getItem(sentKey) === token) return;
  await panellist.registerDevice({ fcmToken: token, platform: Platform.WEB, appVersion: "web" });
  localStorage.setItem(sentKey, token);
}

// forgetPush drops the token sent, so the next panellist signed in on this
// phone registers it again.
export function forgetPush(): void {
  localStorage.removeItem(sentKey);
}
