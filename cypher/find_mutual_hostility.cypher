// Analyst query: pairs of actors that accuse, threaten, sanction, coerce or attack each other
// in both directions, with the types each way; most evidence first.
// Parameters:
//   $minWeight (int)  least evidence per relationship, e.g. 1
//   $limit (int)      most rows to return, e.g. 25
MATCH (a:Actor)-[ab:ACCUSE|THREATEN|SANCTION|COERCE|ASSAULT]->(b:Actor)
WHERE ab.weight >= $minWeight
MATCH (b)-[ba:ACCUSE|THREATEN|SANCTION|COERCE|ASSAULT]->(a)
WHERE ba.weight >= $minWeight AND a.id < b.id
WITH a, b, collect(DISTINCT ab) AS aToB, collect(DISTINCT ba) AS bToA
RETURN a.id AS actorA, a.name AS nameA, b.id AS actorB, b.name AS nameB,
       [r IN aToB | type(r)] AS typesAtoB, [r IN bToA | type(r)] AS typesBtoA,
       reduce(w = 0, r IN aToB + bToA | w + r.weight) AS evidence
ORDER BY evidence DESC, actorA, actorB
LIMIT $limit
