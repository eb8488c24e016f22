/* start.integration: municipality finder, language suggestion, search, offline.
   Plain JavaScript, loaded as a file (no inline script), nothing from another origin. */
(function () {
  "use strict";
  /* The URL layout comes from the generator (generator/layout.py) as data in the page. */
  var layoutData = document.getElementById("si-layout");
  var layout = layoutData ? JSON.parse(layoutData.textContent) : { site_root: "./" };
  var siteRoot = new URL(layout.site_root, location.href);
  var langRoot = new URL(layout.lang_root !== undefined ? layout.lang_root : layout.site_root, location.href);

  /* --- Language: suggest the browser's language once, never redirect ------------------------ */
  function suggestLanguage() {
    var links = Array.prototype.slice.call(document.querySelectorAll("a.si-lang-link[hreflang]"));
    var current = document.documentElement.lang.toLowerCase();
    var dismissed = false;
    try { dismissed = localStorage.getItem("si-suggest-dismissed") === "1"; } catch (e) { /* private mode */ }
    if (!links.length || dismissed) return;
    var wanted = navigator.languages || [navigator.language || ""];
    for (var i = 0; i < wanted.length; i++) {
      var w = (wanted[i] || "").toLowerCase();
      var primary = w.split("-")[0];
      if (current === w || current.split("-")[0] === primary) return;  // already in a preferred language
      for (var j = 0; j < links.length; j++) {
        var tag = links[j].getAttribute("hreflang").toLowerCase();
        var code = links[j].dataset.code;
        if (tag === w || tag.split("-")[0] === primary || code === primary || (primary === "fa" && w === "fa-af" && code === "prs")) {
          show(links[j]);
          return;
        }
      }
    }
    function show(link) {
      var bar = document.createElement("div");
      bar.className = "si-suggest";
      bar.setAttribute("lang", link.getAttribute("hreflang"));
      bar.setAttribute("dir", link.getAttribute("dir") || "ltr");
      var a = document.createElement("a");
      a.href = link.getAttribute("href");
      a.textContent = link.dataset.suggest || link.textContent;
      var close = document.createElement("button");
      close.type = "button";
      close.className = "si-suggest__close";
      close.setAttribute("aria-label", "×");
      close.textContent = "×";
      close.addEventListener("click", function () {
        try { localStorage.setItem("si-suggest-dismissed", "1"); } catch (e) { /* ignore */ }
        bar.remove();
      });
      bar.appendChild(a);
      bar.appendChild(close);
      var article = document.querySelector(".md-content__inner") || document.body;
      article.insertBefore(bar, article.firstChild);
    }
  }

  /* --- Municipality finder: name, postal code, former name; tolerant of umlauts and typos ----- */
  function norm(s) {
    return s.toLowerCase()
      .replace(/ä/g, "a").replace(/ö/g, "o").replace(/ü/g, "u")
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/ae/g, "a").replace(/oe/g, "o").replace(/ue/g, "u")
      .replace(/[^a-z0-9]+/g, " ").trim();
  }
  function distance(a, b) {  /* Damerau-Levenshtein (optimal string alignment) */
    var d = [], i, j;
    for (i = 0; i <= a.length; i++) { d[i] = [i]; }
    for (j = 0; j <= b.length; j++) { d[0][j] = j; }
    for (i = 1; i <= a.length; i++) {
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length][b.length];
  }
  function score(q, key) {
    if (key.indexOf(q) === 0) return 0;
    if (key.indexOf(" " + q) >= 0) return 1;
    if (key.indexOf(q) > 0) return 2;
    if (q.length < 4) return -1;
    var allowed = q.length >= 7 ? 2 : 1, best = 99;
    var words = key.split(" ");
    for (var i = 0; i < words.length; i++) {
      best = Math.min(best, distance(q, words[i].slice(0, q.length)), distance(q, words[i]));
    }
    best = Math.min(best, distance(q, key.slice(0, q.length)));
    return best <= allowed ? 3 + best : -1;
  }
  function finder() {
    var form = document.querySelector("form.si-finder");
    if (!form) return;
    var input = form.querySelector("input");
    var list = form.querySelector(".si-finder__results");
    var status = form.querySelector(".si-finder__status");
    var data = null;
    fetch(new URL("data/finder.json", siteRoot)).then(function (r) { return r.json(); }).then(function (d) {
      data = d.map(function (m) {
        var names = [m.n].concat(m.l || [], m.f || []);
        return { m: m, keys: names.map(norm), former: (m.f || []).map(norm) };
      });
      if (input.value) update();
    });
    form.addEventListener("submit", function (ev) {
      var first = list.querySelector("a");
      if (first) { ev.preventDefault(); location.href = first.href; }
    });
    input.addEventListener("input", update);
    function update() {
      if (!data) return;
      var raw = input.value.trim(), q = norm(raw);
      list.textContent = "";
      if (!q) { status.textContent = ""; return; }
      var hits = [];
      data.forEach(function (e) {
        var best = -1, via = null;
        if (/^\d+$/.test(q)) {
          if (e.m.p.some(function (p) { return p.indexOf(q) === 0; })) best = 0;
        } else {
          e.keys.forEach(function (k, i) {
            var s = score(q, k);
            if (s >= 0 && (best < 0 || s < best)) { best = s; via = i > (e.m.l || []).length ? k : null; }
          });
        }
        if (best >= 0) hits.push({ e: e, s: best, via: via });
      });
      hits.sort(function (a, b) { return a.s - b.s || a.e.m.n.localeCompare(b.e.m.n, "de"); });
      hits.slice(0, 8).forEach(function (h) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = form.dataset.root + "gemeinden/" + h.e.m.s + "/";
        a.setAttribute("lang", "de");
        a.textContent = h.e.m.n + " (" + h.e.m.p.join(", ") + ")";
        li.appendChild(a);
        if (h.via) {
          var small = document.createElement("small");
          var former = (h.e.m.f || []).filter(function (f) { return norm(f) === h.via; })[0];
          small.textContent = " ← " + (former || "");
          small.setAttribute("lang", "de");
          li.appendChild(small);
        }
        list.appendChild(li);
      });
      status.textContent = hits.length ? "" : form.dataset.none;
    }
  }

  /* --- Search (Pagefind): loaded only on the search page, only when it is opened -------------- */
  function search() {
    var box = document.getElementById("si-search");
    if (!box) return;
    var bundle = new URL("pagefind/", langRoot);  /* each language has its own search bundle */
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = new URL("pagefind-ui.css", bundle);
    document.head.appendChild(css);
    var js = document.createElement("script");
    js.src = new URL("pagefind-ui.js", bundle);
    js.onload = function () {
      /* global PagefindUI */
      new PagefindUI({
        element: "#si-search", bundlePath: bundle.pathname, baseUrl: langRoot.pathname,
        showImages: false, resetStyles: false,
        translations: {
          placeholder: box.dataset.placeholder, clear_search: box.dataset.reset,
          zero_results: box.dataset.none + " [SEARCH_TERM]", one_result: box.dataset.one + " [SEARCH_TERM]",
          many_results: box.dataset.many.replace("#", "[COUNT]") + " [SEARCH_TERM]",
          search_label: box.dataset.placeholder
        }
      });
      var input = box.querySelector("input");
      if (input) input.focus();
    };
    document.body.appendChild(js);
  }

  /* --- Offline: a service worker keeps the pages the reader opened ---------------------------- */
  function offline() {
    if (!("serviceWorker" in navigator) || location.protocol === "file:") return;
    navigator.serviceWorker.register(new URL("sw.js", siteRoot).href, { scope: siteRoot.pathname })
      .catch(function () { /* offline support is optional */ });
  }

  suggestLanguage();
  finder();
  search();
  offline();
})();
