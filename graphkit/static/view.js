/* graphkit view: draws the graph data embedded in #gk-data with vis-network.
 *
 * Article text is untrusted: every string reaches the DOM through textContent or
 * createTextNode, never innerHTML, and links are only made from http(s) URLs.
 */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("gk-data").textContent);
  var info = data.info;
  var focus = new Set(info.focus);

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  function isHttp(url) {
    try {
      var u = new URL(url);
      return u.protocol === "http:" || u.protocol === "https:";
    } catch (e) {
      return false;
    }
  }

  function sentenceWithTrigger(ev) {
    // highlight the trigger word with <mark>, built from text nodes only
    var q = el("q");
    var s = String(ev.sentence || "");
    var t = String(ev.trigger || "");
    var i = t ? s.toLowerCase().indexOf(t.toLowerCase()) : -1;
    if (i < 0) {
      q.textContent = s;
    } else {
      q.appendChild(document.createTextNode(s.slice(0, i)));
      q.appendChild(el("mark", s.slice(i, i + t.length)));
      q.appendChild(document.createTextNode(s.slice(i + t.length)));
    }
    return q;
  }

  function sourceLine(ev, withLink) {
    var p = el("div", null, "gk-src");
    var title = ev.title || "article";
    if (withLink && ev.url && isHttp(ev.url)) {
      var a = el("a", title);
      a.href = ev.url;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      p.appendChild(a);
    } else {
      p.appendChild(document.createTextNode(title));
    }
    var bits = [];
    if (ev.published) bits.push(ev.published);
    if (ev.modality && ev.modality !== "asserted") bits.push(ev.modality);
    if (ev.negated) bits.push("negated");
    bits.push("confidence " + ev.confidence);
    p.appendChild(document.createTextNode(" · " + bits.join(" · ")));
    if (!withLink && ev.url && isHttp(ev.url)) p.appendChild(document.createTextNode(" · " + ev.url));
    return p;
  }

  function actorLink(id) {
    var seg = encodeURIComponent(id);
    return data.linkBase.indexOf("{id}") >= 0 ? data.linkBase.replace("{id}", seg) : data.linkBase + seg;
  }

  function name(id) {
    return info.nodes[id] ? info.nodes[id].name : id;
  }

  function edgeHeading(e) {
    return name(e.source) + (e.symmetric ? " — " : " → ") + name(e.target) + ": " + e.label;
  }

  function edgeMeta(e) {
    var bits = [e.type, e.familyLabel, e.weight + (e.weight === 1 ? " piece" : " pieces") + " of evidence"];
    if (e.corroboration) bits.push(e.corroboration);
    if (e.modes && e.modes.length) bits.push("mode " + e.modes.join(", "));
    if (e.firstSeen) bits.push(e.firstSeen === e.lastSeen ? e.firstSeen : e.firstSeen + " – " + e.lastSeen);
    return bits.join(" · ");
  }

  function edgeTooltip(id) {
    var e = info.edges[id];
    var box = el("div");
    box.appendChild(el("div", edgeHeading(e), "gk-tip-title"));
    box.appendChild(el("div", edgeMeta(e), "gk-meta"));
    e.evidence.slice(0, 3).forEach(function (ev) {
      var d = el("div", null, "gk-tip-ev");
      var s = String(ev.sentence || "");
      d.appendChild(el("q", s.length > 280 ? s.slice(0, 277) + "…" : s));
      d.appendChild(sourceLine(ev, false));
      box.appendChild(d);
    });
    if (e.evidence.length > 3) {
      box.appendChild(el("div", "Click the relation to read all " + e.evidence.length + " sentences shown here.", "gk-meta"));
    } else if (e.evidence.length > 0) {
      box.appendChild(el("div", "Click the relation to keep these details open.", "gk-meta"));
    }
    return box;
  }

  function nodeMeta(n) {
    var bits = [n.kind];
    if (n.country) bits.push(n.country);
    if (n.sector) bits.push(n.sector);
    if (n.wikidata) bits.push(n.wikidata);
    bits.push(n.degree + (n.degree === 1 ? " relation" : " relations"));
    return bits.join(" · ");
  }

  function nodeTooltip(id) {
    var n = info.nodes[id];
    var box = el("div");
    box.appendChild(el("div", n.name, "gk-tip-title"));
    box.appendChild(el("div", nodeMeta(n), "gk-meta"));
    if (n.aliases && n.aliases.length) box.appendChild(el("div", "also: " + n.aliases.join(", "), "gk-meta"));
    if (data.linkBase) box.appendChild(el("div", "Double-click to open its neighbourhood.", "gk-meta"));
    return box;
  }

  // Tooltips are DOM elements, so vis-network shows them as-is (a string would be innerText).
  data.nodes.forEach(function (n) { n.title = nodeTooltip(n.id); });
  data.edges.forEach(function (e) { e.title = edgeTooltip(e.id); });

  var started = performance.now();
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("gk-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);

  var loading = document.getElementById("gk-loading");
  function settled() {
    // freeze the layout: once stabilised, nothing should keep drifting under the reader
    network.setOptions({ physics: { enabled: false } });
    nodes.update(info.focus.map(function (id) { return { id: id, fixed: { x: false, y: false } }; }));
    loading.style.display = "none";
    // timings for benchmarks: page parsed -> script start -> layout settled (ms)
    document.body.setAttribute("data-gk-script-ms", String(Math.round(started)));
    document.body.setAttribute("data-gk-layout-ms", String(Math.round(performance.now() - started)));
    document.body.setAttribute("data-gk-ready", "1");
  }
  network.once("stabilizationIterationsDone", settled);
  network.on("stabilizationProgress", function (p) {
    loading.textContent = "Laying out the graph… " + Math.round((100 * p.iterations) / p.total) + "%";
  });
  if (data.nodes.length === 0) {
    loading.textContent = "Nothing to show.";
    document.body.setAttribute("data-gk-ready", "1");
  }

  // ------------------------------------------------------------ details panel
  var details = document.getElementById("gk-details");
  function showEdge(id) {
    var e = info.edges[id];
    details.replaceChildren();
    details.appendChild(el("h3", edgeHeading(e)));
    details.appendChild(el("div", edgeMeta(e), "gk-meta"));
    if (e.weight > e.evidence.length) {
      details.appendChild(el("div", "Showing " + e.evidence.length + " of " + e.weight + " pieces of evidence.", "gk-meta"));
    }
    e.evidence.forEach(function (ev) {
      var d = el("div", null, "gk-ev");
      d.appendChild(sentenceWithTrigger(ev));
      d.appendChild(sourceLine(ev, true));
      details.appendChild(d);
    });
    if (data.evidenceLink) {
      var a = el("a", "All evidence for this relation (JSON)");
      a.href = data.evidenceLink
        .replace("{source}", encodeURIComponent(e.source))
        .replace("{target}", encodeURIComponent(e.target))
        .replace("{type}", encodeURIComponent(e.type));
      details.appendChild(el("p")).appendChild(a);
    }
  }
  function showNode(id) {
    var n = info.nodes[id];
    details.replaceChildren();
    details.appendChild(el("h3", n.name));
    details.appendChild(el("div", nodeMeta(n), "gk-meta"));
    if (n.aliases && n.aliases.length) details.appendChild(el("div", "also: " + n.aliases.join(", "), "gk-meta"));
    if (data.linkBase) {
      var a = el("a", "Open " + n.name + "'s neighbourhood");
      a.href = actorLink(id);
      details.appendChild(el("p")).appendChild(a);
    }
  }
  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
  });
  network.on("doubleClick", function (params) {
    if (data.linkBase && params.nodes.length) {
      window.location.href = actorLink(params.nodes[0]);
    }
  });

  // ------------------------------------------------------------ filters
  var status = document.getElementById("gk-filter-status");
  function checked(name) {
    var out = new Set();
    document.querySelectorAll('input[name="' + name + '"]').forEach(function (box) {
      if (box.checked) out.add(box.value);
    });
    return out;
  }
  var labels = document.getElementById("gk-labels");
  function applyLabels() {
    // labels crowd dense views: the reader can switch them off (tooltips still name each edge)
    edges.update(data.edges.map(function (item) {
      return { id: item.id, font: { size: labels.checked ? 11 : 0 } };
    }));
  }
  labels.addEventListener("change", applyLabels);
  if (!labels.checked) applyLabels();

  // ------------------------------------------------------------ time slicer
  // Each edge carries its evidence dates (the newest DATES_PER_EDGE; `dated` counts all the
  // dated ones, the older rest lies between firstSeen and the oldest date listed).
  var DAY = 86400000;
  function dayOf(iso) { return Math.round(Date.parse(iso + "T00:00:00Z") / DAY); }
  function isoOf(day) { return new Date(day * DAY).toISOString().slice(0, 10); }
  var timeFrom = document.getElementById("gk-time-from");
  var timeTo = document.getElementById("gk-time-to");
  var span = null;
  Object.keys(info.edges).forEach(function (id) {
    var e = info.edges[id];
    if (!e.dates || !e.dates.length) return;
    e.days = e.dates.map(dayOf);
    e.firstDay = e.firstSeen ? Math.min(dayOf(e.firstSeen), e.days[0]) : e.days[0];
    var lo = e.firstDay, hi = e.days[e.days.length - 1];
    span = span ? [Math.min(span[0], lo), Math.max(span[1], hi)] : [lo, hi];
  });
  if (timeFrom && timeTo && span) {
    [timeFrom, timeTo].forEach(function (input) {
      input.min = "0";
      input.max = String(span[1] - span[0]);
    });
    timeFrom.value = "0";
    timeTo.value = String(span[1] - span[0]);
  }
  function timeRange() {
    // null while the slicer covers every date: then undated evidence counts too
    if (!span || !timeFrom) return null;
    var a = span[0] + Number(timeFrom.value), b = span[0] + Number(timeTo.value);
    var lo = Math.min(a, b), hi = Math.max(a, b);
    return lo === span[0] && hi === span[1] ? null : [lo, hi];
  }
  function countInRange(e, range) {
    if (!range || !e.days) return e.weight;
    var n = 0;
    e.days.forEach(function (d) { if (d >= range[0] && d <= range[1]) n += 1; });
    var older = (e.dated || 0) - e.days.length;
    if (older > 0 && e.firstDay <= range[1] && e.days[0] >= range[0]) n += older;
    return n;
  }
  function edgeWidth(e, n) {
    return Math.min(data.maxEdgeWidth, e.widthBase + e.widthStep * Math.log2(Math.max(n, 1)));
  }

  function applyFilters() {
    var range = timeRange();
    if (span && timeFrom) {
      var a = span[0] + Number(timeFrom.value), b = span[0] + Number(timeTo.value);
      document.getElementById("gk-time-from-out").textContent = isoOf(Math.min(a, b));
      document.getElementById("gk-time-to-out").textContent = isoOf(Math.max(a, b));
    }
    var families = checked("family");
    var modalities = checked("modality");
    var showNegated = checked("negated").has("negated");
    var hideIsolated = document.getElementById("gk-hide-isolated").checked;
    var degree = {};
    var shown = 0;
    var edgeUpdates = data.edges.map(function (item) {
      var e = info.edges[item.id];
      var count = countInRange(e, range);
      var visible =
        families.has(e.family) &&
        e.modalities.some(function (m) { return modalities.has(m); }) &&
        (showNegated || !e.negated) &&
        count > 0;
      if (visible) {
        shown += 1;
        degree[e.source] = (degree[e.source] || 0) + 1;
        degree[e.target] = (degree[e.target] || 0) + 1;
      }
      var update = { id: item.id, hidden: !visible };
      if (e.days) {
        // width and label follow the evidence in the range
        update.width = Math.round(edgeWidth(e, count) * 100) / 100;
        update.label = range ? e.label + " (" + count + ")" : e.label;
      }
      return update;
    });
    edges.update(edgeUpdates);
    var shownNodes = 0;
    nodes.update(data.nodes.map(function (item) {
      var hidden = hideIsolated && !focus.has(item.id) && !degree[item.id] && data.edges.length > 0;
      if (!hidden) shownNodes += 1;
      return { id: item.id, hidden: hidden };
    }));
    var text = "Showing " + shownNodes + " of " + data.nodes.length + " actors, " +
      shown + " of " + data.edges.length + " relations";
    if (span && timeFrom) {
      text += ", from " + document.getElementById("gk-time-from-out").textContent +
        " to " + document.getElementById("gk-time-to-out").textContent;
    }
    status.textContent = text + ".";
  }
  document.querySelectorAll("#gk-family-filter input, #gk-modality-filter input, #gk-hide-isolated").forEach(function (box) {
    box.addEventListener("change", applyFilters);
  });
  [timeFrom, timeTo].forEach(function (input) {
    if (input) input.addEventListener("input", applyFilters);
  });
  applyFilters();

  // ------------------------------------------------------------ paths list
  var pathList = document.getElementById("gk-paths");
  if (pathList) {
    (data.paths || []).forEach(function (path, i) {
      var li = el("li");
      var button = el("button", path.nodes.map(name).join(" → "));
      button.type = "button";
      button.title = path.edges.length + (path.edges.length === 1 ? " hop" : " hops");
      button.addEventListener("click", function () {
        pathList.querySelectorAll("button").forEach(function (b) { b.setAttribute("aria-pressed", "false"); });
        button.setAttribute("aria-pressed", "true");
        network.setSelection({ nodes: path.nodes, edges: path.edges }, { highlightEdges: false });
        details.replaceChildren();
        details.appendChild(el("h3", "Path " + (i + 1)));
        path.edges.forEach(function (id) {
          var e = info.edges[id];
          if (e) details.appendChild(el("div", edgeHeading(e), "gk-meta"));
        });
      });
      li.appendChild(button);
      pathList.appendChild(li);
    });
  }

  // handles for tests and power users in the console
  window.graphkitView = {
    network: network, nodes: nodes, edges: edges, info: info, applyFilters: applyFilters, timeSpan: span,
  };
})();
