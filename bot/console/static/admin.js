// Console live updates: every element with data-poll is refreshed from that URL
// (a small HTML fragment) every data-every milliseconds while the tab is visible.
(function () {
  "use strict";
  function poll(el) {
    var url = el.getAttribute("data-poll");
    var every = parseInt(el.getAttribute("data-every") || "5000", 10);
    var last = el.innerHTML;
    function tick() {
      // Not while the admin is filling a form in it (a "Mal compris ?" being answered).
      if (document.hidden || el.querySelector("details[open]")) { return; }
      fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (r) {
          if (r.redirected || r.status !== 200) { throw new Error("status " + r.status); }
          return r.text();
        })
        .then(function (html) {
          if (html === last) { return; }
          var atBottom = el.scrollTop + el.clientHeight >= el.scrollHeight - 40;
          el.innerHTML = html;
          last = html;
          if (atBottom) { el.scrollTop = el.scrollHeight; }
        })
        .catch(function () { /* next tick retries */ });
    }
    if (el.classList.contains("thread")) {
      // Back from a correction: show that message; otherwise the latest ones.
      var target = location.hash.length > 1 ? document.getElementById(location.hash.slice(1)) : null;
      if (target && el.contains(target)) { target.scrollIntoView({ block: "center" }); }
      else { el.scrollTop = el.scrollHeight; }
    }
    setInterval(tick, every);
  }
  document.querySelectorAll("[data-poll]").forEach(poll);
  // Tab counts and unread badge of the inbox.
  document.querySelectorAll("[data-counts]").forEach(function (tabs) {
    var url = tabs.getAttribute("data-counts");
    setInterval(function () {
      if (document.hidden) { return; }
      fetch(url, { credentials: "same-origin" })
        .then(function (r) { return r.ok && !r.redirected ? r.json() : null; })
        .then(function (counts) {
          if (!counts) { return; }
          document.querySelectorAll("[data-count]").forEach(function (el) {
            var n = counts[el.getAttribute("data-count")] || 0;
            el.textContent = n;
            if (el.getAttribute("data-count") === "unread") { el.hidden = n === 0; }
          });
        })
        .catch(function () {});
    }, 5000);
  });
  // A photo URL that does not load (offline, moved) shows nothing rather than a broken icon.
  document.addEventListener("error", function (event) {
    var el = event.target;
    if (el && el.tagName === "IMG") { el.classList.add("broken"); }
  }, true);
})();
