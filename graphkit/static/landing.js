/* graphkit landing page: actor search through GET /actors?q= (suggestions as you type,
 * debounced), results linked to the actor's page and views; the two-actor form opens the
 * paths view or the dyad page. Actor names come from articles: they reach the DOM through
 * textContent only. */
(function () {
  "use strict";
  var form = document.getElementById("search");
  var input = document.getElementById("q");
  var status = document.getElementById("status");
  var results = document.getElementById("results");
  var DEBOUNCE_MS = 250;

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function link(href, text) {
    var a = el("a", text);
    a.href = href;
    return a;
  }

  function show(hits) {
    results.replaceChildren();
    hits.forEach(function (hit) {
      var actor = hit.actor;
      var seg = encodeURIComponent(actor.id);
      var li = el("li");
      li.appendChild(link("/view/actors/" + seg + "/profile", actor.name));
      var meta = [actor.kind, actor.country, actor.degree + " relations"].filter(Boolean).join(" · ");
      li.appendChild(el("span", meta, "meta"));
      var links = el("div", null, "links");
      links.appendChild(link("/view/actors/" + seg, "neighbourhood"));
      links.appendChild(link("/view/actors/" + seg + "?depth=2", "2-hop view"));
      links.appendChild(link("/actors/" + seg, "JSON"));
      li.appendChild(links);
      results.appendChild(li);
    });
  }

  var asked = 0; // answers to older questions are dropped when a newer one was sent
  function search(q) {
    var mine = ++asked;
    status.textContent = "Searching…";
    fetch("/actors?" + new URLSearchParams({ q: q, limit: "10" }).toString(), {
      headers: { Accept: "application/json" },
    })
      .then(function (resp) {
        return resp.json().then(function (body) { return { ok: resp.ok, body: body }; });
      })
      .then(function (r) {
        if (mine !== asked) return;
        if (!r.ok) {
          results.replaceChildren();
          status.textContent = (r.body && r.body.message) || "The search failed.";
          return;
        }
        var hits = r.body.hits || [];
        status.textContent = hits.length ? hits.length + " actor(s) match." : "No actor matches that name.";
        show(hits);
      })
      .catch(function () {
        if (mine === asked) status.textContent = "The server did not answer.";
      });
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var q = input.value.trim();
    if (q.length < 2) {
      asked += 1;
      results.replaceChildren();
      status.textContent = "";
      return;
    }
    timer = setTimeout(function () { search(q); }, DEBOUNCE_MS);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    var q = input.value.trim();
    if (q) search(q);
  });

  var pair = document.getElementById("paths");
  document.getElementById("dyad-button").addEventListener("click", function () {
    if (!pair.reportValidity()) return;
    var a = pair.elements.namedItem("from").value.trim();
    var b = pair.elements.namedItem("to").value.trim();
    window.location.href = "/view/dyads/" + encodeURIComponent(a) + "/" + encodeURIComponent(b);
  });
})();
