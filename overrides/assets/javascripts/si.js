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

  /* --- Municipality finder: name, postal code, former name, in Latin, Cyrillic, Arabic, Ethiopic or
     Tamil script. The twin of generator/finder.py (same rules, same tests); the transliteration
     table and the names' consonant skeletons come from data/finder.json (finder/transliteration.yml). */
  var CLASSES = { g: "k", q: "k", c: "s", z: "s", d: "t", b: "p", v: "f", w: "f" };
  var DIGRAPHS = [["sch", "s"], ["ch", ""], ["ck", "k"], ["ph", "f"], ["tz", "s"], ["ts", "s"], ["x", "ks"]];
  var SILENT = "aeiouyhj ";
  var MAX_RESULTS = 8;
  function fold(s) {
    s = s.toLowerCase().replace(/ä/g, "a").replace(/ö/g, "o").replace(/ü/g, "u");
    s = s.normalize("NFD").replace(/\p{M}/gu, "");
    return s.replace(/ae/g, "a").replace(/oe/g, "o").replace(/ue/g, "u");
  }
  function normalise(text, table) {
    var out = "", scripted = false;
    Array.from(text.toLowerCase()).forEach(function (c) {
      if (Object.prototype.hasOwnProperty.call(table, c)) { scripted = true; out += table[c]; } else { out += c; }
    });
    return [fold(out).replace(/[^a-z0-9]+/g, " ").trim(), scripted];
  }
  function skeleton(latin) {
    var s = latin.replace(/ /g, ""), out = "";
    DIGRAPHS.forEach(function (d) { s = s.split(d[0]).join(d[1]); });
    for (var i = 0; i < s.length; i++) {
      var c = CLASSES[s[i]] || s[i];
      if (SILENT.indexOf(c) >= 0 || out.slice(-1) === c) continue;
      out += c;
    }
    return out;
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
  function score(q, key) {  /* 0 prefix, 1 word prefix, 2 inside, 3-5 small typos, -1 none */
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
  function skeletonScore(qk, e) {  /* another script: 6 name, 7 other reading, 8 other name, 9 prefix, 10 one off */
    var best = -1;
    e.k.concat(e.o).forEach(function (k) {
      var s;
      if (qk === k) s = k === e.k[0] ? 6 : (e.k.indexOf(k) >= 0 ? 7 : 8);
      else if (qk.length >= 3 && k.indexOf(qk) === 0) s = 9;
      else if (qk.length >= 4 && distance(qk, k) <= 1) s = 10;
      else return;
      best = best < 0 ? s : Math.min(best, s);
    });
    return best;
  }
  function findPlaces(query, places, table) {  /* [{e, s, via}] best first */
    var n = normalise(query, table), q = n[0];
    if (!q) return [];
    var digits = q.match(/\d+/g) || [];
    var text = q.replace(/\d+/g, " ").replace(/\s+/g, " ").trim();
    var qk = n[1] && text ? skeleton(text) : "";
    var hits = [];
    places.forEach(function (e) {
      if (!digits.every(function (d) { return e.p.some(function (p) { return p.indexOf(d) === 0; }); })) return;
      var best = 0, via = null;
      if (text) {
        best = -1;
        e.names.forEach(function (name, i) {
          var s = score(text, name);
          if (s >= 0 && (best < 0 || s < best)) { best = s; via = i > e.l.length ? e.f[i - 1 - e.l.length] : null; }
        });
        if (qk) {
          var fuzzy = best >= 3 ? best + 8 : best, bySkeleton = skeletonScore(qk, e);
          var both = [fuzzy, bySkeleton].filter(function (s) { return s >= 0; });
          best = both.length ? Math.min.apply(null, both) : -1;
        }
      }
      if (best >= 0) hits.push({ e: e, s: best, via: via, key: fold(e.n) });
    });
    hits.sort(function (a, b) {
      return a.s - b.s || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) || (a.e.s < b.e.s ? -1 : 1);
    });
    return hits.slice(0, MAX_RESULTS);
  }
  function finder() {
    var form = document.querySelector("form.si-finder");
    if (!form) return;
    var input = form.querySelector("input");
    var list = form.querySelector(".si-finder__results");
    var status = form.querySelector(".si-finder__status");
    var all = form.querySelector(".si-finder__all");
    var data = null, loading = false;
    function load() {  /* only when the reader starts typing: nothing to fetch on a plain visit */
      if (loading) return;
      loading = true;
      fetch(new URL("data/finder.json", siteRoot)).then(function (r) { return r.json(); }).then(function (d) {
        d.m.forEach(function (e) { e.names = [e.n].concat(e.l, e.f).map(function (x) { return normalise(x, {})[0]; }); });
        data = d;
        update();
      });
    }
    form.addEventListener("submit", function (ev) {
      var first = list.querySelector("a");
      if (first) { ev.preventDefault(); location.href = first.href; }
    });
    input.addEventListener("focus", load);
    input.addEventListener("input", function () { load(); update(); });
    if (input.value) load();
    function update() {
      if (!data) return;
      var hits = findPlaces(input.value.trim(), data.m, data.t);
      list.textContent = "";
      status.textContent = "";
      if (!input.value.trim()) return;
      hits.forEach(function (h) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = form.dataset.root + "gemeinden/" + h.e.s + "/";
        a.setAttribute("lang", "de");
        a.setAttribute("dir", "ltr");
        a.textContent = h.e.n + " (" + h.e.p.join(", ") + ")";
        li.appendChild(a);
        if (h.via) {
          var small = document.createElement("small");
          small.textContent = " ← " + h.via;
          small.setAttribute("lang", "de");
          li.appendChild(small);
        }
        list.appendChild(li);
      });
      if (!hits.length) {  /* say it, and offer the list */
        var none = document.createElement("span");
        none.textContent = form.dataset.none + " ";
        var link = document.createElement("a");
        link.href = all.getAttribute("href");
        link.textContent = all.textContent;
        status.appendChild(none);
        status.appendChild(link);
      }
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

  /* --- Offline: a service worker keeps the pages the reader opened, from the first visit on ---- */
  function offline() {
    if (!("serviceWorker" in navigator) || location.protocol === "file:") return;
    var sw = navigator.serviceWorker;
    var firstVisit = !sw.controller;  /* this page was loaded before a worker controlled it */
    sw.register(new URL("sw.js", siteRoot).href, { scope: siteRoot.pathname }).then(function () {
      return sw.ready;
    }).then(function (reg) {
      if (!firstVisit || !reg.active) return;
      /* tell the worker this page and the files it used, so it is there offline after this visit */
      var assets = performance.getEntriesByType("resource").map(function (e) { return e.name; })
        .filter(function (u) { return u.indexOf(location.origin + "/") === 0; });
      reg.active.postMessage({ type: "si-keep", page: location.href, assets: assets });
    }).catch(function () { /* offline support is optional */ });
  }

  /* --- My first weeks: dates from the day of arrival (deadlines.yml), computed here, sent nowhere - */
  function addDeadline(arrival, d) {
    var date = new Date(arrival.getTime());
    if (d.days) { date.setDate(date.getDate() + d.days); return date; }
    var day = date.getDate();
    date.setDate(1);
    date.setMonth(date.getMonth() + d.months);
    var last = new Date(date.getFullYear(), date.getMonth() + 1, 0).getDate();
    date.setDate(Math.min(day, last));  /* 30 November + 3 months = 28/29 February */
    return date;
  }
  function formatDate(date, tag) {
    var opts = { day: "numeric", month: "long", year: "numeric", weekday: "long", calendar: "gregory" };
    try {
      if (Intl.DateTimeFormat.supportedLocalesOf([tag]).length) return new Intl.DateTimeFormat(tag, opts).format(date);
    } catch (e) { /* fall through */ }
    return [date.getDate(), date.getMonth() + 1, date.getFullYear()].join(".");
  }
  function firstWeeks() {
    var box = document.querySelector(".si-weeks");
    if (!box) return;
    var deadlines = JSON.parse(box.dataset.deadlines);
    var form = box.querySelector(".si-weeks__form");
    var input = form.querySelector("input");
    var printButton = box.querySelector(".si-weeks__print");
    form.hidden = false;
    printButton.hidden = false;
    function show() {
      var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input.value);
      var arrival = m ? new Date(+m[1], +m[2] - 1, +m[3]) : null;
      try { if (arrival) localStorage.setItem("si-arrival", input.value); } catch (e) { /* private mode */ }
      box.classList.toggle("si-weeks--dated", !!arrival);  /* printed only with dates (si.css) */
      deadlines.forEach(function (d) {
        var li = box.querySelector('li[data-id="' + d.id + '"]');
        if (!li) return;
        var own = li.querySelector(".si-weeks__date"), de = li.querySelector(".si-weeks__date-de");
        own.hidden = !arrival;
        if (de) de.hidden = !arrival;
        if (!arrival) return;
        var due = addDeadline(arrival, d);
        own.textContent = box.dataset.by.replace("{date}", formatDate(due, box.dataset.lang));
        own.setAttribute("data-date", due.getFullYear() + "-" + String(due.getMonth() + 1).padStart(2, "0") + "-" + String(due.getDate()).padStart(2, "0"));
        if (de) de.textContent = " – bis " + formatDate(due, "de-CH");
      });
    }
    input.addEventListener("change", show);
    input.addEventListener("input", show);
    box.querySelector(".si-weeks__today").addEventListener("click", function () {
      var t = new Date();
      input.value = t.getFullYear() + "-" + String(t.getMonth() + 1).padStart(2, "0") + "-" + String(t.getDate()).padStart(2, "0");
      show();
    });
    printButton.addEventListener("click", function () { window.print(); });
    try { input.value = localStorage.getItem("si-arrival") || ""; } catch (e) { /* private mode */ }
    if (input.value) show();
  }

  /* --- Listen: the phone's own voices (Web Speech API); an honest note where none speaks the language */
  function listen() {
    var box = document.querySelector(".si-listen");
    if (!box) return;
    var note = box.querySelector(".si-listen__note");
    var button = box.querySelector("button");
    var synth = window.speechSynthesis;
    box.hidden = false;
    if (synth) synth.getVoices();  /* Chrome loads the voices on the first call */
    function primary(tag) { return (tag || "").toLowerCase().replace("_", "-").split("-")[0]; }
    function voiceFor(tag) {
      var want = primary(tag) === "prs" ? "fa" : primary(tag);
      var voices = synth.getVoices().filter(function (v) { return primary(v.lang) === want; });
      return voices.filter(function (v) { return v.localService; })[0] || voices[0] || null;
    }
    var speaking = false, noteTimer = null;
    function say(text) {  /* the note floats under the header for a while, and is read by screen readers */
      note.textContent = text;
      clearTimeout(noteTimer);
      noteTimer = setTimeout(function () { note.textContent = ""; }, 8000);
    }
    function setLabel(text, pressed) {
      button.setAttribute("aria-pressed", pressed ? "true" : "false");
      button.setAttribute("aria-label", text);
      button.title = text;
    }
    function stop() {
      speaking = false;
      if (synth) synth.cancel();
      setLabel(box.dataset.label, false);
    }
    button.addEventListener("click", function () {
      if (speaking) { stop(); return; }
      if (!synth || typeof SpeechSynthesisUtterance === "undefined") { say(box.dataset.unsupported); return; }
      if (!voiceFor(box.dataset.lang)) { say(box.dataset.noVoice); return; }
      var article = document.querySelector(".md-content__inner");
      var blocks = article.querySelectorAll("h1, h2, h3, p, li, dt, dd, td");
      var queue = [];
      function utter(text, tag) {
        text = text.replace(/\s+/g, " ").trim();
        if (!/[^\s\p{P}]/u.test(text)) return;
        var voice = voiceFor(tag) || voiceFor(box.dataset.lang);
        var u = new SpeechSynthesisUtterance(text);
        u.lang = voice.lang;
        try { u.voice = voice; } catch (e) { /* the language alone chooses the voice */ }
        queue.push(u);
      }
      Array.prototype.forEach.call(blocks, function (el) {
        if (el.closest(".si-sources, nav, [hidden], details:not([open])")) return;
        if (el.querySelector("p, li")) return;  /* speak the innermost blocks only */
        /* German names inside a translated text (marked lang="de") get the German voice */
        var walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT), node, run = "", runTag = null;
        while ((node = walker.nextNode())) {
          if (node.parentElement.closest("[hidden]")) continue;
          var tag = (node.parentElement.closest("[lang]") || document.documentElement).getAttribute("lang");
          if (runTag !== null && primary(tag) !== primary(runTag)) { utter(run, runTag); run = ""; }
          runTag = tag;
          run += node.nodeValue;
        }
        if (runTag !== null) utter(run, runTag);
      });
      if (!queue.length) return;
      speaking = true;
      setLabel(box.dataset.stop, true);
      queue[queue.length - 1].onend = stop;
      queue.forEach(function (u) { synth.speak(u); });
    });
    window.addEventListener("pagehide", function () { if (speaking) synth.cancel(); });
  }

  /* --- The navigation drawer on small screens is Material's CSS toggle: a hidden checkbox and
     labels for it. Without Material's bundle no key opens it: the header's menu label becomes a
     button for the keyboard (Enter, Space), Escape closes the drawer and returns the focus. */
  function drawer() {
    var toggle = document.getElementById("__drawer");
    var button = document.querySelector(".md-header label.md-header__button[for='__drawer']");
    var nav = document.querySelector(".md-nav--primary");
    if (!toggle || !button || !nav) return;
    button.setAttribute("role", "button");
    button.setAttribute("tabindex", "0");
    if (!button.getAttribute("aria-label")) button.setAttribute("aria-label", nav.getAttribute("aria-label") || "Menu");
    function set(open) {
      toggle.checked = open;
      button.setAttribute("aria-expanded", String(open));
      if (open) {
        var first = nav.querySelector("a[href], label[tabindex], input");
        if (first) first.focus();
      } else {
        button.focus();
      }
    }
    button.setAttribute("aria-expanded", String(toggle.checked));
    toggle.addEventListener("change", function () { button.setAttribute("aria-expanded", String(toggle.checked)); });
    button.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); set(!toggle.checked); }
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && toggle.checked) set(false);
    });
  }

  drawer();
  suggestLanguage();
  finder();
  search();
  firstWeeks();
  listen();
  if (document.readyState === "complete") offline(); else window.addEventListener("load", offline);
})();
