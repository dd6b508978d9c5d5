// The panellist app's service worker, scoped to /app/. It keeps the app's
// page, the files it loads, its manifest and icons, and the last copy of
// today's questions (GetToday, network first, the kept copy when offline).
// It shows a web push as a notification and opens today's questions when
// the notification is tapped (the page then acknowledges the push).
declare const self: ServiceWorkerGlobalScope;

const cacheName = "panelpulse-app-v2";
const todayProcedure = "/panelpulse.v1.PanellistService/GetToday";
// todayCopy is the cache key of the last GetToday reply.
const todayCopy = "/app/today.json";

const shell = "/app/";
const statics = ["/app/manifest.json", "/app/icon-192.png", "/app/icon-512.png"];

// precache keeps the page and every /assets/ file it names, so the first
// offline start works even before the page has been loaded through the worker.
async function precache(): Promise<void> {
  const c = await caches.open(cacheName);
  const page = await fetch(shell, { cache: "no-store" });
  const html = await page.clone().text();
  await c.put(shell, page);
  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1] ?? "");
  await c.addAll([...new Set([...assets.filter(Boolean), ...statics])]);
}

self.addEventListener("install", (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== cacheName).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// networkFirst answers from the network and keeps a copy under key; when
// the network fails it answers with the kept copy.
function networkFirst(req: Request, key: string): Promise<Response> {
  return fetch(req)
    .then((res) => {
      if (res.ok) {
        const copy = res.clone();
        void caches.open(cacheName).then((c) => c.put(key, copy));
      }
      return res;
    })
    .catch(async () => (await caches.match(key)) ?? Response.error());
}

self.addEventListener("fetch", (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (req.method === "POST" && url.pathname === todayProcedure) {
    event.respondWith(networkFirst(req, todayCopy));
    return;
  }
  if (req.method !== "GET") return;
  if (req.mode === "navigate" && url.pathname.startsWith(shell)) {
    event.respondWith(networkFirst(req, shell));
    return;
  }
  if (url.pathname.startsWith("/assets/") || statics.includes(url.pathname)) {
    event.respondWith(caches.match(req).then((hit) => hit ?? networkFirst(req, url.pathname)));
  }
});

type PushBody = {
  notification?: { title?: string; body?: string; tag?: string; data?: { link?: string } };
  data?: Record<string, string>;
};

// The body of an FCM web push: {"notification": {...}, "data": {...}}.
self.addEventListener("push", (event) => {
  let body: PushBody = {};
  try {
    body = (event.data?.json() ?? {}) as PushBody;
  } catch {
    body = { notification: { body: event.data?.text() ?? "" } };
  }
  const n = body.notification ?? {};
  const data = body.data ?? {};
  const link =
    n.data?.link ?? (data["push_id"] ? `${shell}?push=${encodeURIComponent(data["push_id"])}` : shell);
  event.waitUntil(
    self.registration.showNotification(n.title ?? "Today's PanelPulse", {
      body: n.body ?? "Your questions for today are ready.",
      tag: n.tag ?? data["day"] ?? "panelpulse",
      icon: "/app/icon-192.png",
      data: { link },
    }),
  );
});

// The page says "signed-out": the kept copy of today's questions goes.
self.addEventListener("message", (event) => {
  if (event.data === "signed-out") event.waitUntil(caches.open(cacheName).then((c) => c.delete(todayCopy)));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const raw = (event.notification.data as { link?: string } | null)?.link ?? shell;
  // Only this app's pages are opened, whatever the link's host.
  const u = new URL(raw, self.location.origin);
  const link = u.pathname.startsWith(shell) ? `${shell}${u.search}` : shell;
  event.waitUntil(
    self.clients.matchAll({ type: "window" }).then(async (list) => {
      for (const c of list) {
        if (new URL(c.url).pathname.startsWith(shell)) {
          const w = await c.navigate(link);
          await (w ?? c).focus();
          return;
        }
      }
      await self.clients.openWindow(link);
    }),
  );
});

export {};
