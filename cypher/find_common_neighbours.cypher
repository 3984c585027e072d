// Analyst query: actors linked to both of two actors (either direction), with the relation
// types on each side; most evidence first.
// Parameters:
//   $actorA (string)  id of one actor, e.g. "KOR"
//   $actorB (string)  id of the other, e.g. "PRK"
//   $limit (int)      most rows to return, e.g. 25
MATCH (a:Actor {id: $actorA})-[ra]-(c:Actor)-[rb]-(b:Actor {id: $actorB})
WHERE c <> a AND c <> b
WITH c, collect(DISTINCT ra) AS withA, collect(DISTINCT rb) AS withB
RETURN c.id AS id, c.name AS name, c.kind AS kind,
       [r IN withA | type(r)] AS typesWithA, [r IN withB | type(r)] AS typesWithB,
       reduce(w = 0, r IN withA + withB | w + r.weight) AS evidence
ORDER BY evidence DESC, id
LIMIT $limit
