/* graphkit timeline chart: the periods embedded in #gk-data, stacked by quad class, with
 * the cooperation-minus-conflict balance as a line. Drawn on a canvas with the vendored
 * Chart.js, so no text from articles ever reaches the DOM from here. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("gk-data").textContent);
  var canvas = document.getElementById("gk-chart");
  var note = document.getElementById("gk-chart-note");
  var periods = (data.timeline && data.timeline.periods) || [];
  if (!canvas) return;
  if (!periods.length) {
    note.textContent = "No dated evidence in this range.";
    canvas.hidden = true;
    return;
  }
  var labels = periods.map(function (p) { return p.start; });
  var datasets = data.quads.map(function (q) {
    return {
      type: "bar",
      label: q.label,
      data: periods.map(function (p) { return p.by_quad[q.id] || 0; }),
      backgroundColor: q.colour,
      stack: "events",
    };
  });
  datasets.push({
    type: "line",
    label: "balance (cooperation − conflict)",
    data: periods.map(function (p) { return p.balance; }),
    borderColor: "#1f1f1f",
    backgroundColor: "#1f1f1f",
    borderWidth: 1.5,
    pointRadius: periods.length > 60 ? 0 : 2,
    yAxisID: "balance",
  });
  var chart = new window.Chart(canvas, {
    data: { labels: labels, datasets: datasets },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: "index", intersect: false },
      scales: {
        x: { stacked: true, ticks: { maxTicksLimit: 12 } },
        y: { stacked: true, beginAtZero: true, title: { display: true, text: "pieces of evidence" } },
        balance: { position: "right", grid: { drawOnChartArea: false },
                   title: { display: true, text: "balance" } },
      },
      plugins: {
        tooltip: {
          callbacks: {
            title: function (items) {
              var p = periods[items[0].dataIndex];
              return p.start === p.end ? p.start : p.start + " – " + p.end;
            },
            footer: function (items) {
              return periods[items[0].dataIndex].total + " in all";
            },
          },
        },
      },
    },
  });
  canvas.setAttribute("data-drawn", String(chart.data.labels.length));
})();
