/* The small state helpers Material's bundle expects as globals (its partials/javascripts/base.html
   defines them in an inline script). Loaded as a file so the Content-Security-Policy needs no
   inline script. The scope (the site root of this language) comes from the data-scope attribute. */
(function () {
  "use strict";
  var scope = new URL(document.currentScript.getAttribute("data-scope") || ".", location);
  window.__md_scope = scope;
  window.__md_hash = function (text) {
    var h = 0;
    for (var ch of text) h = (h << 5) - h + ch.charCodeAt(0);
    return h;
  };
  window.__md_get = function (key, storage, base) {
    storage = storage || localStorage;
    base = base || scope;
    return JSON.parse(storage.getItem(base.pathname + "." + key));
  };
  window.__md_set = function (key, value, storage, base) {
    storage = storage || localStorage;
    base = base || scope;
    try { storage.setItem(base.pathname + "." + key, JSON.stringify(value)); } catch (e) { /* full or blocked */ }
  };
})();
