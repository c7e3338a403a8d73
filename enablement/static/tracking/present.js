// Present mode: one slide at a time; arrows, space and PageUp/PageDown move; F goes full screen.
(function () {
  "use strict";
  // Translations come from the JavaScript catalogue (/i18n/js/, loaded before this script);
  // without it the English source strings are shown.
  var gettext = window.gettext || function (text) { return text; };
  var interpolate = window.interpolate || function (text, values) {
    return text.replace(/%\(\w+\)s/g, function (match) { return values[match.slice(2, -2)]; });
  };
  var slides = Array.prototype.slice.call(document.querySelectorAll("[data-slide]"));
  var position = document.querySelector("[data-position]");
  var current = 0;
  function show(index) {
    current = Math.max(0, Math.min(slides.length - 1, index));
    slides.forEach(function (slide, i) { slide.classList.toggle("current", i === current); });
    position.textContent = current + 1 + " / " + slides.length;
    position.setAttribute("aria-label", interpolate(gettext("Slide %(current)s of %(total)s"), {
      current: current + 1, total: slides.length
    }, true));
  }
  function fullscreen() {
    var root = document.getElementById("present");
    if (!document.fullscreenElement && root.requestFullscreen) root.requestFullscreen();
  }
  document.querySelector("[data-prev]").addEventListener("click", function () { show(current - 1); });
  document.querySelector("[data-next]").addEventListener("click", function () { show(current + 1); });
  document.querySelector("[data-fullscreen]").addEventListener("click", fullscreen);
  document.addEventListener("keydown", function (event) {
    if (["ArrowRight", "PageDown", " "].indexOf(event.key) >= 0) { event.preventDefault(); show(current + 1); }
    if (["ArrowLeft", "PageUp"].indexOf(event.key) >= 0) { event.preventDefault(); show(current - 1); }
    if (event.key === "f" || event.key === "F") fullscreen();
  });
})();
