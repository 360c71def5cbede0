/*
 * Bar charts of the budget pages. Each <canvas data-chart="ID"> is drawn from the JSON of
 * the element #ID (Django's json_script): labels, datasets [{label, data, colour}], and the flags
 * money (amounts in EUR), stacked and horizontal. The same numbers are in a table nearby.
 */
(function () {
  "use strict";

  var LOCALE = document.documentElement.lang || undefined;

  function format(value, money) {
    var number = Number(value).toLocaleString(LOCALE, { maximumFractionDigits: money ? 0 : 1 });
    return money ? "EUR " + number : number;
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var spec = JSON.parse(source.textContent);
    if (spec.horizontal) {
      // One bar group per label: give each room to read.
      canvas.parentElement.style.height = Math.max(240, spec.labels.length * 34 + 80) + "px";
    }
    var valueAxis = spec.horizontal ? "x" : "y";
    var scales = { x: { stacked: spec.stacked }, y: { stacked: spec.stacked } };
    scales[valueAxis].beginAtZero = true;
    scales[valueAxis].ticks = {
      precision: spec.money ? undefined : 0,
      callback: function (value) {
        return format(value, spec.money);
      },
    };
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (dataset) {
          return { label: dataset.label, data: dataset.data, backgroundColor: dataset.colour };
        }),
      },
      options: {
        indexAxis: spec.horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: scales,
        plugins: {
          tooltip: {
            callbacks: {
              label: function (context) {
                return context.dataset.label + ": " + format(context.raw, spec.money);
              },
            },
          },
        },
      },
    });
  }

  document.querySelectorAll("canvas[data-chart]").forEach(draw);
})();
