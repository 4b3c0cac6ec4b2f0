// baocao wall mode: shows one panel at a time and moves on every data-seconds; htmx refreshes each
// panel's content in place (hx-trigger "every 60s"), and the charts of a panel are drawn when it is
// shown (a hidden element has no size to draw in). A button pauses and resumes the rotation.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var wall = document.getElementById("wall");
    if (!wall) return;
    var panels = Array.prototype.slice.call(wall.querySelectorAll(".wall-panel"));
    var seconds = parseInt(wall.getAttribute("data-seconds") || "20", 10);
    var current = 0, paused = false;
    var clock = document.getElementById("clock");
    var pause = document.getElementById("wall-pause");

    function show(index) {
      panels.forEach(function (panel, i) { panel.hidden = i !== index; });
      if (window.baocaoCharts) window.baocaoCharts.start(panels[index]);
    }
    function tick() {
      if (clock) {
        clock.textContent = new Date().toLocaleString(document.documentElement.lang === "en" ? "en-GB" : "vi-VN",
          { timeZone: "Asia/Ho_Chi_Minh", hour: "2-digit", minute: "2-digit", day: "2-digit", month: "2-digit", year: "numeric" });
      }
    }
    if (pause) {
      pause.addEventListener("click", function () {
        paused = !paused;
        pause.setAttribute("aria-pressed", paused ? "true" : "false");
      });
    }
    window.setInterval(function () {
      if (paused || panels.length < 2) return;
      current = (current + 1) % panels.length;
      show(current);
    }, seconds * 1000);
    window.setInterval(tick, 15000);
    tick();
    window.baocaoWall = { show: function (i) { current = i; show(i); } };
  });
})();
