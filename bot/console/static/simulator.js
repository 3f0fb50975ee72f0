// WhatsApp simulator: post as the member, poll the thread, draw it like a phone.
(function () {
  "use strict";
  var root = document.getElementById("simulator");
  if (!root) { return; }
  var phone = root.getAttribute("data-phone");
  var csrf = root.getAttribute("data-csrf");
  var box = document.getElementById("sim-messages");
  var form = document.getElementById("sim-form");
  var input = document.getElementById("sim-text");
  var leadLabel = document.getElementById("sim-lead");
  var after = 0;

  function bubble(m) {
    var div = document.createElement("div");
    div.className = "sim-msg " + (m.direction === "in" ? "mine" : "theirs") + " from-" + m.sender;
    div.setAttribute("data-id", m.id);
    (m.media || []).forEach(function (url) {
      var img = document.createElement("img");
      img.src = url; img.alt = "photo"; img.className = "thumb"; img.loading = "lazy";
      div.appendChild(img);
    });
    var text = document.createElement("div");
    text.className = "text";
    text.textContent = m.text;
    div.appendChild(text);
    if (m.buttons && m.buttons.length) {
      var row = document.createElement("div");
      row.className = "wa-buttons";
      m.buttons.forEach(function (title) {
        var b = document.createElement("button");
        b.type = "button"; b.textContent = title;
        b.addEventListener("click", function () { send(title); });
        row.appendChild(b);
      });
      div.appendChild(row);
    }
    var meta = document.createElement("div");
    meta.className = "meta";
    meta.textContent = m.at + (m.direction === "out" ? " · " + (m.sender === "admin" ? "admin" : "bot") : "");
    div.appendChild(meta);
    return div;
  }

  function refresh() {
    fetch("/admin/simulator/messages?phone=" + encodeURIComponent(phone) + "&after=" + after,
          { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (data.lead_id) { leadLabel.innerHTML = '<a href="/admin/conversations/' + data.lead_id + '">lead #' + data.lead_id + "</a>"; }
        (data.messages || []).forEach(function (m) {
          box.appendChild(bubble(m));
          after = Math.max(after, m.id);
        });
        if (data.messages && data.messages.length) { box.scrollTop = box.scrollHeight; }
      })
      .catch(function () {});
  }

  function send(text) {
    if (!text.trim()) { return; }
    var body = new URLSearchParams({ csrf_token: csrf, phone: phone, text: text });
    fetch("/admin/simulator/send", { method: "POST", body: body, credentials: "same-origin" })
      .then(function () { refresh(); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    send(input.value);
    input.value = "";
    input.focus();
  });
  refresh();
  setInterval(refresh, 1000);
})();
