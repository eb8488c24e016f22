/* start.integration service worker: keeps the pages a reader opened (and, for a municipality page,
   its handout) available offline — from the very first visit: the page that installed this worker
   sends its own address and the files it used (si.js), and they are cached then.
   Pages: network first, so an update replaces the stale copy. Nothing is cached that the reader did
   not open. A page never opened shows the small offline page of its language.
   Version: __VERSION__ (names __OFFLINE_PAGE__ and the handout's come from generator/publish.py) */
"use strict";
var VERSION = "__VERSION__";
var PAGES = "si-pages-" + VERSION;
var ASSETS = "si-assets-" + VERSION;
var OFFLINE_PAGE = "__OFFLINE_PAGE__";
var HANDOUT = __HANDOUT__;
var LANGUAGES = __LANGUAGES__;  /* URL prefixes of the languages other than German */

/* "ar/" for a page under /ar/, "" for German */
function languagePrefix(parts) {
  return parts && parts.length && LANGUAGES.indexOf(parts[0]) >= 0 ? parts[0] + "/" : "";
}

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== PAGES && k !== ASSETS; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

function scopePath() { return new URL(self.registration.scope).pathname; }

/* the parts of a path below the scope: ["ar", "gemeinden", "grenchen"] */
function partsOf(url) {
  var scope = scopePath();
  if (url.pathname.indexOf(scope) !== 0) return null;
  return url.pathname.slice(scope.length).split("/").filter(Boolean);
}

function handoutOf(url) {
  /* gemeinden/<slug>/ or <code>/gemeinden/<slug>/ (relative to the scope) -> its handout */
  var parts = partsOf(url);
  if (!parts) return null;
  if (parts.length === 2 && parts[0] === "gemeinden" && parts[1] !== "index.html") return new URL(HANDOUT.replace("__CODE__", "de"), url);
  if (parts.length === 3 && parts[1] === "gemeinden") return new URL(HANDOUT.replace("__CODE__", parts[0]), url);
  return null;
}

/* the offline page in the language of the requested page (German at the root) */
function offlinePageFor(url) {
  var root = new URL(self.registration.scope);
  return caches.match(new URL(languagePrefix(partsOf(url)) + OFFLINE_PAGE, root)).then(function (hit) {
    return hit || caches.match(new URL(OFFLINE_PAGE, root));
  });
}

function sameScope(u) {
  return u.origin === self.location.origin && u.pathname.indexOf(scopePath()) === 0;
}

/* keep a page, its handout and its language's offline page (and the German one) */
function keepPage(cache, url) {
  var page = new URL(url);
  page.hash = "";
  page.search = "";
  var wanted = [page];
  var pdf = handoutOf(page);
  if (pdf) wanted.push(pdf);
  var prefix = languagePrefix(partsOf(page));
  wanted.push(new URL(prefix + OFFLINE_PAGE, self.registration.scope));
  if (prefix) wanted.push(new URL(OFFLINE_PAGE, self.registration.scope));  /* German: for any other page */
  return Promise.all(wanted.map(function (u) {
    return fetch(u).then(function (r) { if (r.ok) return cache.put(u, r); }).catch(function () {});
  }));
}

/* the page that installed the worker tells what it is and what it used: cache them now */
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "si-keep" || typeof data.page !== "string") return;
  var page = new URL(data.page, self.registration.scope);
  if (!sameScope(page)) return;
  var assets = (Array.isArray(data.assets) ? data.assets : []).map(function (a) {
    try { return new URL(a, page); } catch (e) { return null; }
  }).filter(function (u) { return u && sameScope(u) && !/\.pdf$/.test(u.pathname); }).slice(0, 40);
  event.waitUntil(Promise.all([
    caches.open(PAGES).then(function (c) { return keepPage(c, page.href); }),
    caches.open(ASSETS).then(function (c) {
      return Promise.all(assets.map(function (u) {
        return c.match(u).then(function (hit) {
          return hit || fetch(u).then(function (r) { if (r.ok) return c.put(u, r); }).catch(function () {});
        });
      }));
    })
  ]));
});

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
        return hit || offlinePageFor(url).then(function (page) {
          return page || new Response("Offline", { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
        });
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
      if (hit) { refresh.catch(function () {}); return hit; }
      return refresh;
    });
  }));
});
