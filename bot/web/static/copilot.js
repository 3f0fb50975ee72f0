// The copilot's chat, for comfort only (the page works without it): newest message in view,
// Enter sends (Shift+Enter for a new line), and the button says the copilot is thinking.
(function () {
  var chat = document.getElementById("copilot-chat");
  if (chat) { chat.scrollTop = chat.scrollHeight; }
  var form = document.getElementById("copilot-form");
  if (!form) { return; }
  var box = form.querySelector("textarea");
  var button = form.querySelector("button[type=submit]");
  box.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && box.value.trim()) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener("submit", function () {
    button.disabled = true;
    button.textContent = form.dataset.thinking || "…";
  });
})();
