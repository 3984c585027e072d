/* graphkit landing page: actor search through GET /actors?q=, results linked to views.
 * Actor names come from articles: they reach the DOM through textContent only. */
(function () {
  "use strict";
  var form = document.getElementById("search");
  var input = document.getElementById("q");
  var status = document.getElementById("status");
  var results = document.getElementById("results");

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
      li.appendChild(link("/view/actors/" + seg, actor.name));
      var meta = [actor.kind, actor.country, actor.degree + " relations"].filter(Boolean).join(" · ");
      li.appendChild(el("span", meta, "meta"));
      var links = el("div", null, "links");
      links.appendChild(link("/view/actors/" + seg + "?depth=2", "2-hop view"));
      links.appendChild(link("/actors/" + seg, "JSON"));
      links.appendChild(link("/actors/" + seg + "/neighbourhood", "neighbourhood JSON"));
      li.appendChild(links);
      results.appendChild(li);
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var q = input.value.trim();
    if (!q) return;
    status.textContent = "Searching…";
    fetch("/actors?" + new URLSearchParams({ q: q, limit: "10" }).toString(), {
      headers: { Accept: "application/json" },
    })
      .then(function (resp) {
        return resp.json().then(function (body) { return { ok: resp.ok, body: body }; });
      })
      .then(function (r) {
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
        status.textContent = "The server did not answer.";
      });
  });
})();
