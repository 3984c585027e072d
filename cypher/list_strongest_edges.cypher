// Analyst query: one actor's strongest relationships (either direction), by evidence.
// Parameters:
//   $actorId (string)  id of the actor, e.g. "KOR"
//   $limit (int)       most rows to return, e.g. 10
MATCH (a:Actor {id: $actorId})-[r]-(other:Actor)
RETURN type(r) AS type, startNode(r) = a AS outgoing, other.id AS other,
       other.name AS otherName, r.weight AS weight, r.predicates AS predicates,
       r.modalities AS modalities, r.negated AS negated, r.firstSeen AS firstSeen,
       r.lastSeen AS lastSeen
ORDER BY weight DESC, type, other
LIMIT $limit
