// params: $frontier (actor ids), $visited (actor ids already placed), $cap (max rows),
//         $types, $excludeTypes, $modalities, $minWeight, $minSources, $since, $until
// The next ring of a neighbourhood: the actors outside $visited joined to the frontier by
// a filtered relationship (either way), each with the total weight of those
// relationships; heaviest first, then by id, at most $cap (traversal.rank_ring's order).
UNWIND $frontier AS id
MATCH (:Actor {id: id})-[r]-(b:Actor)
WHERE NOT b.id IN $visited
  AND {{filter_edges}}
WITH b.id AS target, sum(r.weight) AS weight
RETURN target, weight
ORDER BY weight DESC, target
LIMIT $cap
