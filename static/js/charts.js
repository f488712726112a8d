// Draws every <canvas data-chart="ID"> from the JSON in <script id="ID" type="application/json">.
// Each chart has a table beside it with the same figures, for screen readers and for printing.
(function () {
  "use strict";
  var palette = ["#0d6efd", "#6f42c1", "#d63384", "#fd7e14", "#198754", "#20c997", "#6c757d"];

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof Chart === "undefined") { return; }
    var spec = JSON.parse(source.textContent);
    spec.datasets.forEach(function (dataset, index) {
      var colour = palette[index % palette.length];
      dataset.backgroundColor = colour;
      dataset.borderColor = colour;
    });
    new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: spec.datasets },
      options: {
        responsive: true,
        animation: false,
        scales: { x: { stacked: !!spec.stacked }, y: { stacked: !!spec.stacked, beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { position: "bottom" } }
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  });
})();
