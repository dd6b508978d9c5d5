// The Firebase JS SDK, loaded only by a dynamic import once a programme
// has a Firebase web configuration, so the app's first load stays light.
// It registers this browser for web push through FCM with the app's own
// service worker, which shows the pushes and opens today's questions.
import { getApps, initializeApp } from "firebase/app";
import { getMessaging, getToken, isSupported } from "firebase/messaging";
import type { FirebaseWebConfig } from "./push";

// fcmToken returns this browser's FCM registration token for the
// programme's Firebase project; it throws when push is not supported or
// Firebase cannot be reached.
export async function fcmToken(cfg: FirebaseWebConfig, sw: ServiceWorkerRegistration): Promise<string> {
  if (!(await isSupported())) throw new Error("this browser does not support web push");
  const { vapidKey, ...options } = cfg;
  const app = getApps()[0] ?? initializeApp(options);
  return getToken(getMessaging(app), { vapidKey, serviceWorkerRegistration: sw });
}
