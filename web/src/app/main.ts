// The panellist app's shell: registers the service worker (scope /app/)
// and says whether the phone is online. Joining and answering are built on
// this shell with the shared generated client.
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

export {};
