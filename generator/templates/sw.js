/* start.integration service worker: keeps the pages a reader opened (and, for a municipality page,
   its handout) available offline. Pages: network first, so an update replaces the stale copy.
   Nothing is cached that the reader did not open. Version: __VERSION__ */
"use strict";
var VERSION = "__VERSION__";
var PAGES = "si-pages-" + VERSION;
var ASSETS = "si-assets-" + VERSION;

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== PAGES && k !== ASSETS; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

function handoutOf(url) {
  /* gemeinden/<slug>/ or <code>/gemeinden/<slug>/ (relative to the scope) -> its handout */
  var scope = new URL(self.registration.scope).pathname;
  if (url.pathname.indexOf(scope) !== 0) return null;
  var parts = url.pathname.slice(scope.length).split("/").filter(Boolean);
  if (parts.length === 2 && parts[0] === "gemeinden" && parts[1] !== "index.html") return new URL("merkblatt-de.pdf", url);
  if (parts.length === 3 && parts[1] === "gemeinden") return new URL("merkblatt-" + parts[0] + ".pdf", url);
  return null;
}

self.addEventListener("fetch", function (event) {
  var req = event.request;
  var url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== self.location.origin) return;
  if (req.mode === "navigate") {
    event.respondWith(fetch(req).then(function (res) {
      if (res.ok) {
        var copy = res.clone();
        caches.open(PAGES).then(function (c) {
          c.put(req, copy);
          var pdf = handoutOf(url);
          if (pdf) fetch(pdf).then(function (r) { if (r.ok) c.put(pdf, r); }).catch(function () {});
        });
      }
      return res;
    }).catch(function () {
      return caches.match(req, { ignoreSearch: true }).then(function (hit) {
        return hit || caches.match(new URL("404.html", self.registration.scope));
      });
    }));
    return;
  }
  if (/\.pdf$/.test(url.pathname)) {
    event.respondWith(fetch(req).catch(function () { return caches.match(req); }));
    return;
  }
  /* styles, scripts, icons, finder data the pages use: serve the cached copy, refresh it behind */
  event.respondWith(caches.open(ASSETS).then(function (c) {
    return c.match(req).then(function (hit) {
      var refresh = fetch(req).then(function (res) { if (res.ok) c.put(req, res.clone()); return res; });
      return hit || refresh;
    });
  }));
});
