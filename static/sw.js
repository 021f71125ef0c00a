// Aftercare service worker: keeps the app shell and an offline page.
// Pages with personal content are never cached: only static files and the offline page.
// The page registers the worker as /sw.js?lang=xx, so the offline page is kept in the person's language.
const LANG = new URL(self.location.href).searchParams.get("lang");
const OFFLINE = LANG ? "/offline?lang=" + encodeURIComponent(LANG) : "/offline";
// The server writes the helplines' fingerprint here: when an admin changes them, this file changes, the
// browser installs the new worker, and the offline page with its list of helplines is cached afresh.
const HELPLINES = "__HELPLINES_VERSION__";
// And the static files' version: a deploy gets a new cache, so no old chat.js lives on.
const ASSETS = "__ASSETS_VERSION__";
const CACHE = "aftercare-shell-v2-" + (LANG || "auto") + "-" + HELPLINES + "-" + ASSETS;
const SHELL = [OFFLINE, "/static/css/app.css", "/static/js/app.js", "/static/img/icon-192.png", "/static/img/icon.svg"];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(SHELL.map((url) => new Request(url, { credentials: "omit" }))))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/socket.io")) return;

  if (request.mode === "navigate") {
    // Network first for pages; the offline page when there is no network.
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE)));
    return;
  }
  if (url.pathname.startsWith("/static/")) {
    // Static files: cached copy first, refreshed in the background.
    event.respondWith(
      caches.open(CACHE).then((cache) =>
        cache.match(request).then((cached) => {
          const fresh = fetch(request).then((response) => {
            if (response.ok) cache.put(request, response.clone());
            return response;
          }).catch(() => cached);
          return cached || fresh;
        })
      )
    );
  }
});

// Pushes: the server sends only what may stand on a lock screen ("You have something new" unless the
// person chose more); a tap opens the page the notification is about, in an open tab when there is one.
self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (error) {
    data = {};
  }
  const url = typeof data.url === "string" && data.url.startsWith("/") && !data.url.startsWith("//") ? data.url : "/notifications";
  event.waitUntil(
    self.registration.showNotification(data.title || "Aftercare", {
      body: data.body || "",
      tag: data.tag || "aftercare-new",
      icon: "/static/img/icon-192.png",
      data: { url: url },
    })
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL((event.notification.data && event.notification.data.url) || "/notifications", self.location.origin);
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const open = windows.find((client) => new URL(client.url).origin === target.origin && "navigate" in client);
      if (!open) return self.clients.openWindow(target.href);
      // Focusing may be refused (the browser decides); the page has been opened either way.
      return open.navigate(target.href).then(
        (client) => (client || open).focus().catch(() => client),
        () => self.clients.openWindow(target.href)
      );
    })
  );
});
