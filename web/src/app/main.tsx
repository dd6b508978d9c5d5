// The panellist app's entry: renders the app, says whether the phone is
// online, and registers the service worker (scope /app/) that keeps the
// app and today's questions for offline use and shows pushes.
import { render } from "preact";
import { App } from "./App";

const status = document.getElementById("offline-status");

function showStatus(): void {
  if (status) status.textContent = navigator.onLine ? "" : "You are offline.";
}

window.addEventListener("online", showStatus);
window.addEventListener("offline", showStatus);
showStatus();

if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/app/sw.js", { scope: "/app/" }).catch((err: unknown) => {
    if (status) status.textContent = `Offline use is not available: ${String(err)}`;
  });
}

const root = document.getElementById("root");
if (root) render(<App />, root);
