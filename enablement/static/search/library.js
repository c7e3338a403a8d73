// Library search box: suggestions as you type, as an ARIA 1.2 combobox.
// Arrow keys move through suggestions, Enter opens the chosen one (or searches),
// Escape closes the list. Without JavaScript the form still searches.
(function () {
  "use strict";
  // Translations come from the JavaScript catalogue (/i18n/js/, loaded before this script);
  // without it the English source strings are shown.
  var gettext = window.gettext || function (text) { return text; };
  var ngettext = window.ngettext || function (one, many, n) { return n === 1 ? one : many; };
  var interpolate = window.interpolate || function (text, values) {
    return text.replace(/%\(\w+\)s/g, function (match) { return values[match.slice(2, -2)]; });
  };
  var form = document.querySelector(".search-form[data-suggest-url]");
  if (!form) return;
  var input = form.querySelector("[role=combobox]");
  var list = document.getElementById(input.getAttribute("aria-controls"));
  var url = form.getAttribute("data-suggest-url");
  var items = [];
  var active = -1;
  var timer = null;
  var latest = 0;
  var labels = {
    case_study: gettext("Case study"),
    presentation: gettext("Presentation"),
    objection: gettext("Objection handling")
  };

  // Screen readers hear how many suggestions there are (ARIA combobox pattern).
  var status = document.createElement("span");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  status.setAttribute("data-suggestion-count", "");
  list.parentNode.insertBefore(status, list.nextSibling);
  function announce(text) { status.textContent = text; }

  function close() {
    list.hidden = true;
    list.innerHTML = "";
    items = [];
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    announce("");
  }

  function highlight(index) {
    active = index;
    items.forEach(function (item, i) {
      item.element.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", items[index].element.id);
      items[index].element.scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function render(suggestions) {
    list.innerHTML = "";
    items = suggestions.map(function (suggestion, i) {
      var li = document.createElement("li");
      li.id = "library-suggestion-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      var title = document.createElement("span");
      title.textContent = suggestion.title;
      var type = document.createElement("span");
      type.className = "suggestion-type";
      type.textContent = labels[suggestion.type] || suggestion.type;
      li.appendChild(title);
      li.appendChild(type);
      li.addEventListener("mousedown", function (event) {
        event.preventDefault();
        window.location.href = suggestion.url;
      });
      list.appendChild(li);
      return { element: li, suggestion: suggestion };
    });
    if (items.length) {
      announce(interpolate(
        ngettext("%(count)s suggestion", "%(count)s suggestions", items.length),
        { count: items.length }, true));
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    } else {
      close();
    }
    active = -1;
  }

  function fetchSuggestions() {
    var text = input.value.trim();
    if (text.length < 2) { close(); return; }
    var ticket = ++latest;
    fetch(url + "?q=" + encodeURIComponent(text), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
      .then(function (data) { if (ticket === latest) render(data.suggestions || []); })
      .catch(function () { close(); });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, 150);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") {
      if (!items.length) { fetchSuggestions(); return; }
      event.preventDefault();
      highlight((active + 1) % items.length);
    } else if (event.key === "ArrowUp" && items.length) {
      event.preventDefault();
      highlight(active <= 0 ? items.length - 1 : active - 1);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.href = items[active].suggestion.url;
    } else if (event.key === "Escape") {
      if (items.length) { event.preventDefault(); close(); }
    }
  });
  input.addEventListener("blur", function () { setTimeout(close, 120); });
})();
