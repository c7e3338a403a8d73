// Present mode: one slide at a time; arrows, space and PageUp/PageDown move; F goes full screen.
(function () {
  "use strict";
  var slides = Array.prototype.slice.call(document.querySelectorAll("[data-slide]"));
  var position = document.querySelector("[data-position]");
  var current = 0;
  function show(index) {
    current = Math.max(0, Math.min(slides.length - 1, index));
    slides.forEach(function (slide, i) { slide.classList.toggle("current", i === current); });
    position.textContent = current + 1 + " / " + slides.length;
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
