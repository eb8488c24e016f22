// Data sheet: checks as typed, collects the answer, saves it as a JSON file with a checksum.
// Reads only the form and the generated configuration; sends nothing anywhere. Typed text is
// only ever put into the page as textContent or input values, never as markup.
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("sheet-config").textContent);
  var rules = cfg.rules;

  function message(kind, value) {
    return rules[kind].message.split("{value}").join(value);
  }

  function phoneOk(value) {
    var r = rules.phone;
    var digits = value.replace(new RegExp(r.separators, "g"), "");
    var national;
    if (digits.indexOf("+" + r.country_code) === 0) national = digits.slice(1 + r.country_code.length);
    else if (digits.indexOf("00" + r.country_code) === 0) national = digits.slice(2 + r.country_code.length);
    else if (digits.charAt(0) === "+" || digits.indexOf("00") === 0) return /^(\+|00)\d{7,15}$/.test(digits) ? "foreign" : false;
    else if (digits.indexOf(r.national_prefix) === 0) national = digits.slice(r.national_prefix.length);
    else return false;
    if (!/^\d+$/.test(national)) return false;
    if (!new RegExp("^(?:" + r.general + ")$").test(national)) return false;
    return r.types.some(function (p) { return new RegExp("^(?:" + p + ")$").test(national); });
  }

  // One function per rule; returns an error message or "".
  function check(kind, value) {
    if (!value) return "";
    if (kind === "phone") return phoneOk(value) ? "" : message("phone", value);
    return new RegExp(rules[kind].pattern).test(value) ? "" : message(kind, value);
  }

  function showError(el, text) {
    var box = el.closest("label, .hours-row, [data-item]");
    var slot = box && box.querySelector(".error");
    if (slot) slot.textContent = text;
    if (el.setCustomValidity) el.setCustomValidity(text);
    el.classList.toggle("invalid", !!text);
  }

  function validateInput(el) {
    var text = el.dataset.check ? check(el.dataset.check, el.value.trim()) : "";
    showError(el, text);
    return text;
  }

  // A highlighted gap stays highlighted until something is entered in it.
  function refreshGaps() {
    document.querySelectorAll("[data-gapbox]").forEach(function (box) {
      var filled = Array.prototype.some.call(box.querySelectorAll("input, textarea"), function (el) {
        if (el.type === "radio") return el.checked && el.value !== "";
        if (el.type === "checkbox") return false;
        return el.value.trim() !== "" && !el.closest("[data-key='name']") && el.dataset.key !== "name";
      });
      box.classList.toggle("gap", !filled);
    });
  }

  document.addEventListener("input", function (ev) {
    if (ev.target.matches("input[data-key], textarea[data-key]")) validateInput(ev.target);
    refreshGaps();
  });
  document.addEventListener("change", refreshGaps);

  // Adding and removing rows and offices: clones of the generated <template>s.
  document.addEventListener("click", function (ev) {
    var add = ev.target.closest("[data-add]");
    if (add) {
      var tpl = document.getElementById("tpl-" + add.dataset.add);
      var node = tpl.content.firstElementChild.cloneNode(true);
      add.parentNode.insertBefore(node, add);
      var first = node.querySelector("input, select");
      if (first) first.focus();
      return;
    }
    var remove = ev.target.closest("[data-remove]");
    if (remove) {
      var item = remove.closest(".hours-row, [data-item]");
      if (item) item.remove();
    }
  });

  function val(scope, key) {
    var el = scope.querySelector(":scope > label > [data-key='" + key + "'], :scope > [data-key='" + key + "'], " +
      ":scope > fieldset > label > [data-key='" + key + "']");
    return el ? el.value.trim() : "";
  }

  function timeRanges(scope, count, problems, where) {
    var out = [];
    for (var i = 0; i < count; i++) {
      var a = scope.querySelector("[data-time='from" + i + "']");
      var b = scope.querySelector("[data-time='to" + i + "']");
      if (!a || !b) continue;
      var from = a.value, to = b.value;
      if (!from && !to) continue;
      var text = from + "-" + to;
      if (!from || !to || !(from < to)) {
        problems.push([b, where + ": " + message("time_range", text) + (from && to ? " Die Zeit «bis» muss nach «von» liegen." : "")]);
        continue;
      }
      out.push(text);
    }
    return out;
  }

  function collect(problems) {
    var data = {};
    var site = document.getElementById("municipality-website").value.trim();
    if (site) data.website = site;
    var contacts = [];
    document.querySelectorAll("#contacts > [data-item='contact']").forEach(function (item, n) {
      var where = "Stelle " + (n + 1);
      var c = {role: val(item, "role"), name: val(item, "name")};
      ["phone", "email", "website"].forEach(function (k) { var v = val(item, k); if (v) c[k] = v; });
      var street = val(item, "street"), postal = val(item, "postal_code"), locality = val(item, "locality");
      if (street || postal || locality) {
        c.address = {street: street, locality: locality};
        if (postal) c.address.postal_code = postal;
        if (!street || !locality) problems.push([item.querySelector("[data-key='street']"), where + ": Adresse braucht Strasse und Ort."]);
      }
      var hours = [];
      item.querySelectorAll("[data-item='hours']").forEach(function (row) {
        var days = [];
        row.querySelectorAll("[data-day]").forEach(function (box) { if (box.checked) days.push(box.dataset.day); });
        var times = timeRanges(row, 2, problems, where + ", Öffnungszeiten");
        if (!days.length && !times.length) return;
        if (!days.length) { problems.push([row.querySelector("[data-day]"), where + ": Bitte die Tage zu den Zeiten ankreuzen."]); return; }
        if (!times.length) { problems.push([row.querySelector("[data-time]"), where + ": Bitte zu den Tagen Zeiten eintragen."]); return; }
        hours.push({days: days.join(", "), times: times});
      });
      if (hours.length) c.opening_hours = hours;
      var note = val(item, "note");
      if (note) c.note = {de: note};
      var filled = Object.keys(c).some(function (k) { return k !== "role" && k !== "name"; });
      // an empty new office block is not an answer; a recorded office stays while it has a name
      if (!filled && !(item.hasAttribute("data-existing") && c.name)) return;
      if (!c.name) problems.push([item.querySelector("[data-key='name']"), where + ": Name der Stelle fehlt."]);
      item.querySelectorAll("input[data-check]").forEach(function (el) {
        var text = validateInput(el);
        if (text) problems.push([el, where + ": " + text]);
      });
      contacts.push(c);
    });
    if (contacts.length) data.contacts = contacts;

    var fiBox = document.getElementById("first-information");
    var provider = (fiBox.querySelector("input[name='fi-provider']:checked") || {}).value || "";
    var fi = {provider: provider};
    var region = val(fiBox, "region"), muni = val(fiBox, "municipality"), office = val(fiBox, "office"), fnote = val(fiBox, "note");
    var methods = [];
    fiBox.querySelectorAll("[data-key='methods'] input:checked").forEach(function (b) { methods.push(b.value); });
    var interpreter = (fiBox.querySelector("input[name='fi-interpreter']:checked") || {}).value || "";
    if (provider) {
      if (provider === "region") { if (region) fi.region = region; else problems.push([fiBox, "Erstinformation: Bitte die Region oder den Verbund wählen."]); }
      if (provider === "municipality") { if (muni) fi.municipality = muni; else problems.push([fiBox, "Erstinformation: Bitte die Gemeinde wählen."]); }
      if (methods.length) fi.methods = methods;
      if (interpreter) fi.interpreter = interpreter;
      if (office) {
        fi.office = office;
        if (!contacts.some(function (c) { return c.role === office; })) {
          problems.push([fiBox, "Erstinformation: Die gewählte Stelle steht nicht oben unter den Stellen der Gemeinde."]);
        }
      }
      if (fnote) fi.note = {de: fnote};
      data.first_information = fi;
    } else if (region || muni || methods.length || interpreter || office || fnote) {
      problems.push([fiBox, "Erstinformation: Bitte wählen Sie, wer die Erstinformation gibt."]);
    }

    var events = [], used = {};
    document.querySelectorAll("#events > [data-item='event']").forEach(function (item, n) {
      var where = "Anlass " + (n + 1);
      var e = {title: val(item, "title"), date: val(item, "date")};
      var location = val(item, "location");
      var times = timeRanges(item, 1, problems, where);
      if (!e.title && !e.date && !location && !times.length) return;
      if (!e.title) problems.push([item, where + ": Titel fehlt."]);
      if (!e.date) problems.push([item, where + ": Datum fehlt."]);
      var id = "anlass-" + (e.date || "ohne-datum"), k = 2;
      while (used[id]) id = "anlass-" + e.date + "-" + (k++);
      used[id] = true;
      var ev = {id: id, title: {de: e.title}, date: e.date};
      if (times.length) ev.time = times[0];
      if (location) ev.location = location;
      events.push(ev);
    });
    if (events.length) data.events = events;
    var siteInput = document.getElementById("municipality-website");
    var siteError = validateInput(siteInput);
    if (siteError) problems.push([siteInput, "Website: " + siteError]);
    return data;
  }

  // The checksum is SHA-256 over the answer without "checksum", written with sorted keys and no
  // spaces, exactly as json.dumps(sort_keys=True, ensure_ascii=False, separators=(",", ":")).
  function canonical(v) {
    if (Array.isArray(v)) return "[" + v.map(canonical).join(",") + "]";
    if (v && typeof v === "object") {
      return "{" + Object.keys(v).sort().map(function (k) { return JSON.stringify(k) + ":" + canonical(v[k]); }).join(",") + "}";
    }
    return JSON.stringify(v);
  }

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  var answered = document.getElementById("answered");
  if (!answered.value) {
    var now = new Date();
    answered.value = now.getFullYear() + "-" + ("0" + (now.getMonth() + 1)).slice(-2) + "-" + ("0" + now.getDate()).slice(-2);
  }

  document.getElementById("save-button").addEventListener("click", function () {
    var box = document.getElementById("problems");
    box.textContent = "";
    var problems = [];
    var data = collect(problems);
    if (!answered.value) problems.push([answered, "Datum Ihrer Angaben fehlt."]);
    if (problems.length) {
      var title = document.createElement("p");
      title.textContent = "Bitte korrigieren (" + problems.length + "):";
      var list = document.createElement("ul");
      problems.forEach(function (p) { var li = document.createElement("li"); li.textContent = p[1]; list.appendChild(li); });
      box.appendChild(title);
      box.appendChild(list);
      if (problems[0][0] && problems[0][0].scrollIntoView) problems[0][0].scrollIntoView({block: "center"});
      return;
    }
    var answer = {format: cfg.format, version: cfg.version, municipality: cfg.municipality, request: cfg.request,
                  answered: answered.value, data: data};
    if (!(window.crypto && crypto.subtle)) {
      box.textContent = "Dieser Browser kann die Prüfsumme nicht berechnen. Bitte das Datenblatt in einem aktuellen Chrome, Edge, Firefox oder Safari öffnen.";
      return;
    }
    crypto.subtle.digest("SHA-256", new TextEncoder().encode(canonical(answer))).then(function (digest) {
      answer.checksum = hex(digest);
      var text = JSON.stringify(answer, null, 2) + "\n";
      var name = cfg.file_name.replace(/\.json$/, "-" + answered.value + ".json");
      var link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([text], {type: "application/json"}));
      link.download = name;
      document.body.appendChild(link);
      link.click();
      link.remove();
      document.getElementById("saved-name").textContent = name;
      document.getElementById("saved-text").value = text;
      document.getElementById("saved").hidden = false;
    });
  });
})();
