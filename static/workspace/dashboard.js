// The dashboard's charts, drawn with Chart.js from the numbers the page carries in
// <script id="dashboard-data" type="application/json"> (the tables show the same numbers).
(function () {
  "use strict";

  var source = document.getElementById("dashboard-data");
  if (!source || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var colours = ["#0b5ed7", "#198754", "#6f42c1", "#fd7e14", "#6c757d", "#b02a37"];
  var euro = new Intl.NumberFormat(document.documentElement.lang || "en", {
    style: "currency",
    currency: "EUR",
    maximumFractionDigits: 0,
  });

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (canvas) {
      config.options = Object.assign({ responsive: true, maintainAspectRatio: false }, config.options);
      new Chart(canvas, config);
    }
  }

  draw("chart-projects-by-status", {
    type: "bar",
    data: {
      labels: data.projectsByStatus.labels,
      datasets: [{ label: data.projectsByStatus.title, data: data.projectsByStatus.counts, backgroundColor: colours }],
    },
    options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });

  draw("chart-mobilities", {
    type: "bar",
    data: {
      labels: data.mobilities.labels,
      datasets: data.mobilities.series.map(function (series, index) {
        return { label: series.label, data: series.counts, backgroundColor: colours[index] };
      }),
    },
    options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
  });

  draw("chart-budgets", {
    type: "bar",
    data: {
      labels: data.budgets.labels,
      datasets: [
        { label: data.budgets.series[0], data: data.budgets.awarded, backgroundColor: colours[0] },
        { label: data.budgets.series[1], data: data.budgets.grantLines, backgroundColor: colours[1] },
        { label: data.budgets.series[2], data: data.budgets.mobilityGrants, backgroundColor: colours[3] },
      ],
    },
    options: {
      indexAxis: "y",
      scales: { x: { beginAtZero: true, ticks: { callback: function (value) { return euro.format(value); } } } },
      plugins: {
        tooltip: {
          callbacks: {
            label: function (context) { return context.dataset.label + ": " + euro.format(context.parsed.x); },
          },
        },
      },
    },
  });
})();
