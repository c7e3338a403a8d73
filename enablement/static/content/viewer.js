// Page viewer on asset pages: previous/next, arrow keys (and PageUp/PageDown), zoom.
// Opens on #page=N. Images load lazily: hidden pages load when first shown.
(function () {
  "use strict";
  var ZOOMS = [1, 1.5, 2, 3];
  document.querySelectorAll("[data-viewer]").forEach(function (viewer) {
    var pages = Array.prototype.slice.call(viewer.querySelectorAll("[data-viewer-page]"));
    if (!pages.length) return;
    var stage = viewer.querySelector("[data-viewer-stage]");
    var number = viewer.querySelector("[data-viewer-number]");
    var zoomLabel = viewer.querySelector("[data-viewer-zoom-level]");
    var thumbs = Array.prototype.slice.call(viewer.querySelectorAll("[data-viewer-goto]"));
    var current = 0;
    var zoom = 0;

    function show(index) {
      current = Math.max(0, Math.min(pages.length - 1, index));
      pages.forEach(function (page, i) { page.hidden = i !== current; });
      thumbs.forEach(function (thumb, i) {
        if (i === current) thumb.setAttribute("aria-current", "true");
        else thumb.removeAttribute("aria-current");
      });
      number.textContent = String(current + 1);
      viewer.querySelector("[data-viewer-prev]").disabled = current === 0;
      viewer.querySelector("[data-viewer-next]").disabled = current === pages.length - 1;
      viewer.setAttribute("data-current", String(current + 1));
    }
    function setZoom(level) {
      zoom = Math.max(0, Math.min(ZOOMS.length - 1, level));
      stage.style.setProperty("--viewer-zoom", String(ZOOMS[zoom]));
      stage.classList.toggle("zoomed", zoom > 0);
      zoomLabel.textContent = Math.round(ZOOMS[zoom] * 100) + "%";
    }

    viewer.querySelector("[data-viewer-prev]").addEventListener("click", function () { show(current - 1); });
    viewer.querySelector("[data-viewer-next]").addEventListener("click", function () { show(current + 1); });
    viewer.querySelector("[data-viewer-zoom-in]").addEventListener("click", function () { setZoom(zoom + 1); });
    viewer.querySelector("[data-viewer-zoom-out]").addEventListener("click", function () { setZoom(zoom - 1); });
    thumbs.forEach(function (thumb, i) {
      thumb.addEventListener("click", function () { show(i); stage.focus(); });
    });
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var tag = target && target.tagName;
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) return;
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.key === "ArrowRight" || event.key === "PageDown") { event.preventDefault(); show(current + 1); }
      else if (event.key === "ArrowLeft" || event.key === "PageUp") { event.preventDefault(); show(current - 1); }
      else if (event.key === "+" || event.key === "=") { setZoom(zoom + 1); }
      else if (event.key === "-") { setZoom(zoom - 1); }
    });
    var match = /(?:^|[#&])page=(\d+)/.exec(window.location.hash);
    show(match ? parseInt(match[1], 10) - 1 : 0);
    setZoom(0);
  });
})();
