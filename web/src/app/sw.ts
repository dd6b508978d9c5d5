// The panellist app's service worker, scoped to /app/: it keeps the app's
// page for offline use (network first, the kept copy when offline).
declare const self: ServiceWorkerGlobalScope;

const cacheName = "panelpulse-app-shell-v1";
const shell = "/app/";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(cacheName)
      .then((c) => c.add(shell))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== cacheName).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  const isShell = req.mode === "navigate" && url.pathname.startsWith(shell);
  const isAsset = url.pathname.startsWith("/assets/");
  if (!isShell && !isAsset) return;
  event.respondWith(
    fetch(req)
      .then((res) => {
        if (res.ok) {
          const copy = res.clone();
          void caches.open(cacheName).then((c) => c.put(isShell ? shell : req, copy));
        }
        return res;
      })
      .catch(async () => (await caches.match(isShell ? shell : req)) ?? Response.error()),
  );
});

export {};
