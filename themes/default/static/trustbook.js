// trustbook site search: loads the prebuilt index (a script, so it also works from file://)
// on first use and ranks entries by where the query words appear. No network, no inline code.
(function () {
  "use strict";
  var root = document.documentElement.getAttribute("data-root") || "";
  var input = document.getElementById("search-input");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!input || !list) return;
  var index = null;
  var loading = false;
  var waiting = [];
  var selected = -1;
  // Kinds people usually look for first, when scores tie closely.
  var kindBonus = { "Policy": 3, "Page": 2, "Subprocessor": 1 };

  function load(then) {
    if (index) return then();
    // An element with id="TRUSTBOOK_SEARCH" also appears as window.TRUSTBOOK_SEARCH (named
    // access), so only an array counts as the index.
    if (Array.isArray(window.TRUSTBOOK_SEARCH)) { index = prepare(window.TRUSTBOOK_SEARCH); return then(); }
    // Typing while the index loads: run the latest request once it has arrived.
    waiting.push(then);
    if (loading) return;
    loading = true;
    var s = document.createElement("script");
    s.src = root + "assets/search-index.js";
    s.onload = function () {
      index = prepare(Array.isArray(window.TRUSTBOOK_SEARCH) ? window.TRUSTBOOK_SEARCH : []);
      var last = waiting[waiting.length - 1];
      waiting = [];
      if (last) last();
    };
    s.onerror = function () { loading = false; waiting = []; };
    document.head.appendChild(s);
  }

  function fold(s) {
    return (s || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function prepare(entries) {
    return entries.map(function (e) {
      return { e: e, t: fold(e.t), s: fold(e.s), x: fold(e.x) };
    });
  }

  function score(item, words, phrase) {
    var total = 0;
    for (var i = 0; i < words.length; i++) {
      var w = words[i], s = 0;
      if (item.t.indexOf(w) === 0) s += 12;
      else if (item.t.indexOf(" " + w) >= 0) s += 9;
      else if (item.t.indexOf(w) >= 0) s += 6;
      if (item.s.indexOf(w) >= 0) s += 3;
      if (item.x.indexOf(w) >= 0) s += 1;
      if (s === 0) return 0;
      total += s;
    }
    // The whole query as written weighs more than its words scattered.
    if (words.length > 1) {
      if (item.t.indexOf(phrase) === 0) total += 20;
      else if (item.t.indexOf(phrase) >= 0) total += 12;
      else if (item.s.indexOf(phrase) >= 0) total += 4;
    }
    return total + (kindBonus[item.e.k] || 0);
  }

  function clear() {
    while (list.firstChild) list.removeChild(list.firstChild);
  }

  // The box is an ARIA 1.2 combobox: the options are plain text (no links inside, so nothing
  // interactive is nested); the active one is followed through aria-activedescendant and
  // opened with Enter or a click. A status line tells screen readers how many were found.
  function render() {
    var q = fold(input.value).trim();
    clear();
    selected = -1;
    input.removeAttribute("aria-activedescendant");
    if (!q) { close(); say(""); return; }
    var words = q.split(/\s+/);
    var hits = [];
    for (var i = 0; i < index.length; i++) {
      var sc = score(index[i], words, words.join(" "));
      if (sc > 0) hits.push({ sc: sc, e: index[i].e });
    }
    hits.sort(function (a, b) { return b.sc - a.sc || (a.e.t < b.e.t ? -1 : 1); });
    hits = hits.slice(0, 10);
    if (!hits.length) {
      var li = document.createElement("li");
      li.className = "r-empty";
      li.setAttribute("role", "option");
      li.setAttribute("aria-disabled", "true");
      li.id = "search-result-none";
      li.textContent = "No results for “" + input.value.trim() + "”";
      list.appendChild(li);
    }
    hits.forEach(function (h, n) {
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.id = "search-result-" + n;
      li.setAttribute("data-href", root + h.e.u);
      var kind = document.createElement("span");
      kind.className = "r-kind";
      kind.textContent = h.e.k;
      var title = document.createElement("span");
      title.className = "r-title";
      title.textContent = h.e.t;
      li.appendChild(kind);
      li.appendChild(title);
      if (h.e.s) {
        var sum = document.createElement("span");
        sum.className = "r-summary";
        sum.textContent = h.e.s;
        li.appendChild(sum);
      }
      list.appendChild(li);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    say(hits.length ? hits.length + (hits.length === 1 ? " result" : " results") + ", use the arrow keys to choose" : "No results");
  }

  function say(text) {
    if (status) status.textContent = text;
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function options() {
    return list.querySelectorAll('[role="option"][data-href]');
  }

  function move(delta) {
    var items = options();
    if (!items.length) return;
    if (list.hidden) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
    if (selected >= 0) items[selected].setAttribute("aria-selected", "false");
    selected = (selected + delta + items.length) % items.length;
    items[selected].setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", items[selected].id);
    items[selected].scrollIntoView({ block: "nearest" });
  }

  function open(item) {
    var href = item && item.getAttribute("data-href");
    if (href) window.location.href = href;
  }

  input.addEventListener("focus", function () { load(function () {}); });
  input.addEventListener("input", function () { load(render); });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown") { ev.preventDefault(); move(1); }
    else if (ev.key === "ArrowUp") { ev.preventDefault(); move(-1); }
    else if (ev.key === "Escape") {
      if (list.hidden) { input.value = ""; say(""); } else { close(); }
    }
    else if (ev.key === "Enter") {
      var items = options();
      var target = items[selected >= 0 ? selected : 0];
      if (target) { ev.preventDefault(); open(target); }
    }
  });
  list.addEventListener("click", function (ev) {
    var item = ev.target.closest ? ev.target.closest('[role="option"]') : null;
    open(item);
  });
  // "/" jumps to the search box from anywhere but a text field.
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "/" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var t = ev.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    ev.preventDefault();
    input.focus();
  });
  document.addEventListener("click", function (ev) {
    if (!list.contains(ev.target) && ev.target !== input) close();
  });
})();

// A table or code block wider than its column scrolls sideways; keyboard users need to be
// able to focus it to scroll it, and screen readers need to know what it holds. Only boxes
// that really overflow become tab stops, and that is re-checked when the width changes.
(function () {
  "use strict";
  var wraps = document.querySelectorAll(".table-wrap, pre");
  if (!wraps.length) return;
  function label(wrap) {
    var caption = wrap.querySelector("caption");
    if (caption) return caption.textContent.trim();
    var prev = wrap.previousElementSibling;
    while (prev && !/^H[1-6]$/.test(prev.tagName)) prev = prev.previousElementSibling;
    return prev ? prev.textContent.trim() : "Content";
  }
  function update() {
    for (var i = 0; i < wraps.length; i++) {
      var w = wraps[i];
      if (w.scrollWidth > w.clientWidth + 1) {
        var kind = w.tagName === "PRE" ? "code" : "table";
        w.setAttribute("tabindex", "0");
        w.setAttribute("role", "region");
        w.setAttribute("aria-label", label(w) + " (" + kind + ", scrolls sideways)");
      } else if (w.getAttribute("role") === "region") {
        w.removeAttribute("tabindex");
        w.removeAttribute("role");
        w.removeAttribute("aria-label");
      }
    }
  }
  update();
  window.addEventListener("resize", update);
})();

// The top bar scrolls sideways when its entries do not fit: bring the current one into view.
(function () {
  "use strict";
  var nav = document.querySelector(".site-nav");
  var current = nav && nav.querySelector('a[aria-current="page"]');
  if (!current || nav.scrollWidth <= nav.clientWidth) return;
  var n = nav.getBoundingClientRect(), a = current.getBoundingClientRect();
  nav.scrollLeft += a.left - n.left - (n.width - a.width) / 2;
})();

// "Available on request": one email naming the ticked documents (all of them when none is
// ticked, as the link says without JavaScript). The body is the one trustbook writes.
(function () {
  "use strict";
  var list = document.querySelector(".request-list[data-request-to]");
  var action = document.querySelector(".request-action");
  var status = document.querySelector(".request-status");
  if (!list || !action) return;
  var boxes = Array.prototype.slice.call(list.querySelectorAll("input.request-pick"));
  if (!boxes.length) return;
  function update() {
    var ticked = boxes.filter(function (b) { return b.checked; });
    var chosen = (ticked.length ? ticked : boxes).map(function (b) { return b.value; });
    var body = list.getAttribute("data-request-intro") + "\n\n" +
      chosen.map(function (t) { return "- " + t + "\n"; }).join("");
    action.href = "mailto:" + list.getAttribute("data-request-to") +
      "?subject=" + encodeURIComponent(list.getAttribute("data-request-subject")) +
      "&body=" + encodeURIComponent(body);
    if (status) {
      status.textContent = ticked.length
        ? "Asks for " + ticked.length + " of " + boxes.length + " documents."
        : "Asks for all " + boxes.length + " documents.";
    }
  }
  boxes.forEach(function (b) { b.addEventListener("change", update); });
  update();
})();
