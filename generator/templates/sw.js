/* start.integration service worker: keeps the pages a reader opened (and, for a municipality page,
   its handout) available offline — from the very first visit: the page that installed this worker
   sends its own address and the files it used (si.js), and they are cached then.
   Pages: network first, so an update replaces the stale copy. Nothing is cached that the reader did
   not open. A page never opened shows the small offline page of its language.
   Version: __VERSION__ (the offline page's name comes from generator/publish.py; the URL layout and
   the documents' file names from generator/layout.py, as LAYOUT) */
"use strict";
var VERSION = "__VERSION__";
var PAGES = "si-pages-" + VERSION;
var ASSETS = "si-assets-" + VERSION;
var OFFLINE_PAGE = "__OFFLINE_PAGE__";
var LAYOUT = __LAYOUT__;  /* {source, languages, documents: {code: {handout, ...}}, municipalities} */
var MUNICIPALITIES = LAYOUT.municipalities.replace(/\/$/, "");

/* the language a path is in: its first part when that is a language folder, else the source */
function languageOf(parts) {
  return parts && parts.length && parts[0] !== LAYOUT.source && LAYOUT.languages.indexOf(parts[0]) >= 0
    ? parts[0] : LAYOUT.source;
}

/* "ar/" for a page under /ar/, "" for the source language at the root */
function languagePrefix(parts) {
  var code = languageOf(parts);
  return code === LAYOUT.source ? "" : code + "/";
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
  var code = languageOf(parts), rest = code === LAYOUT.source ? parts : parts.slice(1);
  if (rest.length !== 2 || rest[0] !== MUNICIPALITIES || rest[1] === "index.html") return null;
  var documents = LAYOUT.documents[code];
  if (!documents) return null;
  var page = url.pathname.slice(-1) === "/" ? url : new URL(url.pathname + "/", url);
  return new URL(documents.handout, page);
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
