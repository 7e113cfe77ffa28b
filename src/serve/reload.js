// trustbook serve: reloads the page after each good rebuild and shows the diagnostics of a
// broken one over the last good page. Served only by `trustbook serve`, never published.
(function () {
  "use strict";
  var first = null;
  var box = null;
  function hide() {
    if (box) { box.remove(); box = null; }
  }
  function show(text) {
    if (!box) {
      box = document.createElement("div");
      box.id = "trustbook-overlay";
      box.setAttribute("role", "alert");
      var s = box.style;
      s.position = "fixed"; s.left = "0"; s.right = "0"; s.bottom = "0"; s.maxHeight = "60vh";
      s.overflow = "auto"; s.zIndex = "2147483647"; s.background = "#1b1f24"; s.color = "#f0f3f6";
      s.borderTop = "4px solid #d1242f"; s.padding = "1rem 1.25rem"; s.font = "13px/1.5 ui-monospace, monospace";
      var title = document.createElement("p");
      title.textContent = "The project has errors; this is the last good build. Fix them and the page reloads.";
      title.style.fontWeight = "700"; title.style.margin = "0 0 .5rem";
      var pre = document.createElement("pre");
      pre.style.whiteSpace = "pre-wrap"; pre.style.margin = "0";
      box.appendChild(title);
      box.appendChild(pre);
      document.body.appendChild(box);
    }
    box.querySelector("pre").textContent = text;
  }
  function listen() {
    var events = new EventSource("/__trustbook/events");
    events.addEventListener("status", function (e) {
      var s = JSON.parse(e.data);
      if (first === null) { first = s.generation; }
      if (!s.ok) { show(s.diagnostics); return; }
      if (s.generation !== first) { location.reload(); return; }
      hide();
    });
  }
  // The stream stays open: start it once the page has loaded, so it never holds a
  // connection the page's own files are waiting for.
  if (document.readyState === "complete") { listen(); } else { window.addEventListener("load", listen); }
})();
