// Disclosures that are open on wide screens and one tap away on phones (the library's
// "Filters" and "Ask a question"). The page renders them closed, so a phone shows results
// first even before this runs; at a desktop width they open, and follow the width as the
// window is resized. Without JavaScript they stay closed and open on a click.
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 821px)");
  function sync() {
    document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
      if (wide.matches) {
        details.open = true;
      } else if (!details.hasAttribute("data-keep-open")) {
        details.open = false;
      }
    });
  }
  // Loaded at the end of <body> (not deferred), so this runs before the first paint.
  document.querySelectorAll("details[data-open-wide][open]").forEach(function (details) {
    details.setAttribute("data-keep-open", "");
  });
  sync();
  if (wide.addEventListener) {
    wide.addEventListener("change", sync);
  }
})();
