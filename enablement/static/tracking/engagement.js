// Page timings on the prospect's share page. A second counts for the page on screen only
// while the tab is visible and the reader gave input (mouse, key, scroll, touch) in the
// last 30 seconds. Timings go in batches every 15 s and when the tab is hidden or closed,
// each with its own id: a batch that failed is sent again with the same id, so the server
// stores it once.
(function () {
  "use strict";
  var IDLE_MS = 30000;
  var FLUSH_MS = 15000;
  var viewer = document.querySelector("[data-viewer][data-engagement-url]");
  if (!viewer) return;
  var url = viewer.getAttribute("data-engagement-url");
  var lastInput = Date.now();
  var lastTick = Date.now();
  var pending = {};  // page -> seconds not yet sent
  var unsent = [];   // batches whose post failed, resent with the same batch_id

  function uuid() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }
  function currentPage() {
    return parseInt(viewer.getAttribute("data-current") || "1", 10);
  }
  var shown = currentPage();  // the page the time since the last tick belongs to
  function active(now) {
    return document.visibilityState === "visible" && now - lastInput < IDLE_MS;
  }
  function tick() {
    var now = Date.now();
    var elapsed = Math.min(now - lastTick, 5000);  // a sleeping laptop adds nothing
    if (active(now) && elapsed > 0) {
      pending[shown] = (pending[shown] || 0) + elapsed / 1000;
    }
    lastTick = now;
    shown = currentPage();
  }
  function takeBatch() {
    tick();
    var items = [];
    Object.keys(pending).forEach(function (page) {
      var seconds = Math.round(pending[page] * 10) / 10;
      if (seconds > 0) items.push({ page: parseInt(page, 10), seconds: Math.min(seconds, 600) });
    });
    pending = {};
    if (items.length) unsent.push({ batch_id: uuid(), items: items });
  }
  function flush(leaving) {
    takeBatch();
    var batches = unsent;
    unsent = [];
    batches.forEach(function (batch) {
      var body = JSON.stringify(batch);
      if (leaving && navigator.sendBeacon) {
        if (navigator.sendBeacon(url, new Blob([body], { type: "application/json" }))) return;
      }
      fetch(url, { method: "POST", body: body, keepalive: true, credentials: "same-origin",
                   headers: { "Content-Type": "application/json" } })
        .then(function (response) {
          if (response.status >= 500) unsent.push(batch);  // 4xx: a bad batch, never resent
        })
        .catch(function () { unsent.push(batch); });
    });
  }
  ["mousemove", "mousedown", "keydown", "wheel", "scroll", "touchstart", "pointerdown"].forEach(function (name) {
    document.addEventListener(name, function () { tick(); lastInput = Date.now(); }, { passive: true, capture: true });
  });
  new MutationObserver(tick).observe(viewer, { attributes: true, attributeFilter: ["data-current"] });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") flush(true);
    else { lastTick = Date.now(); lastInput = Date.now(); }
  });
  window.addEventListener("pagehide", function () { flush(true); });
  setInterval(tick, 1000);
  setInterval(function () { flush(false); }, FLUSH_MS);
  window.enablementEngagementFlush = function () { flush(false); };  // for tests and debugging
})();
