// Asset action bar: records copy, share and use-in-deal through the library's session
// endpoints (CSRF token from the form). Without script the forms still post normally.
(function () {
  "use strict";
  // Translations come from the JavaScript catalogue (/i18n/js/, loaded before this script);
  // without it the English source strings are shown.
  var gettext = window.gettext || function (text) { return text; };
  var interpolate = window.interpolate || function (text, values) {
    return text.replace(/%\(\w+\)s/g, function (match) { return values[match.slice(2, -2)]; });
  };
  var language = document.documentElement.lang || undefined;

  function newEventId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function post(url, body, token) {
    body.append("event_id", newEventId());
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": token, Accept: "application/json" },
      body: body,
    }).then(function (response) {
      return response.json().catch(function () { return { ok: false, message: gettext("Something went wrong.") }; });
    });
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "absolute";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } finally { document.body.removeChild(area); }
    return Promise.resolve();
  }

  document.querySelectorAll("[data-asset-actions]").forEach(function (root) {
    var token = root.querySelector("input[name=csrfmiddlewaretoken]").value;
    var status = root.querySelector("[data-status]");
    function say(message) { status.textContent = message; }

    var copyButton = root.querySelector("[data-copy-answer]");
    if (copyButton) {
      copyButton.addEventListener("click", function () {
        copyText(copyButton.getAttribute("data-copy-text")).then(function () {
          var body = new FormData();
          body.append("kind", "copy");
          return post(root.getAttribute("data-event-url"), body, token);
        }).then(function (answer) { say(answer.message); }, function () { say(gettext("Could not copy the answer.")); });
      });
    }

    root.querySelectorAll("form[data-action]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var button = form.querySelector("button[type=submit]");
        button.disabled = true;
        post(form.action, new FormData(form), token).then(function (answer) {
          button.disabled = false;
          if (form.getAttribute("data-action") === "share" && answer.ok) {
            var result = form.querySelector("[data-share-result]");
            var field = form.querySelector("[data-share-url]");
            field.value = answer.url;
            result.hidden = false;
            field.focus();
            field.select();
            say(interpolate(gettext("Share link created. It works until %(date)s."), {
              date: new Date(answer.expires_at).toLocaleDateString(language)
            }, true));
          } else {
            say(answer.message);
          }
        }, function () { button.disabled = false; say(gettext("Network error: nothing was recorded.")); });
      });
    });

    var copyShare = root.querySelector("[data-copy-share]");
    if (copyShare) {
      copyShare.addEventListener("click", function () {
        copyText(root.querySelector("[data-share-url]").value).then(function () { say(gettext("Link copied.")); });
      });
    }
  });
})();
