// params: $rings (map: actor id -> hops from the focus), $edgeLimit (max rows),
//         $types, $excludeTypes, $modalities, $minWeight, $minSources, $since, $until
// The filtered relationships whose two ends are both keys of $rings, in the order a
// capped neighbourhood keeps them (traversal.edge_rank): nearer the focus first, then
// strongest, then type and ids; at most $edgeLimit. Scalar columns, dates as ISO
// strings: far cheaper for the Python driver to decode than properties(r).
UNWIND keys($rings) AS id
MATCH (:Actor {id: id})-[r]->(b:Actor)
WITH id, r, b.id AS other
WHERE $rings[other] IS NOT NULL
  AND {{filter_edges}}
WITH id, r, other, CASE WHEN $rings[id] < $rings[other] THEN $rings[id] ELSE $rings[other] END AS near
ORDER BY near, r.weight DESC, type(r), id, other
LIMIT $edgeLimit
RETURN id AS source, other AS target, type(r) AS type, r.weight AS weight,
       r.predicates AS predicates, r.modalities AS modalities, r.modes AS modes,
       r.negated AS negated, toString(r.firstSeen) AS firstSeen, toString(r.lastSeen) AS lastSeen,
       r.articles AS articles, r.sources AS sources
