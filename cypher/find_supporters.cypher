// Analyst query: who supports or aids whom. SUPPORT and AID relationships backed by at least
// $minWeight pieces of evidence, strongest first.
// Parameters:
//   $minWeight (int)  least evidence per relationship, e.g. 1
//   $limit (int)      most rows to return, e.g. 25
MATCH (s:Actor)-[r:SUPPORT|AID]->(t:Actor)
WHERE r.weight >= $minWeight
RETURN s.id AS source, s.name AS sourceName, type(r) AS type, t.id AS target,
       t.name AS targetName, r.weight AS weight, r.modes AS modes, r.modalities AS modalities,
       r.negated AS negated, r.firstSeen AS firstSeen, r.lastSeen AS lastSeen
ORDER BY weight DESC, source, type, target
LIMIT $limit
