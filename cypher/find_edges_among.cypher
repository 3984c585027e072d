// params: $ids (actor ids), $types, $excludeTypes, $modalities, $minWeight, $since, $until
// The filtered relationships whose two ends are both among $ids.
UNWIND $ids AS id
MATCH (a:Actor {id: id})-[r]->(b:Actor)
WHERE b.id IN $ids
  AND ($types IS NULL OR type(r) IN $types)
  AND ($excludeTypes IS NULL OR NOT type(r) IN $excludeTypes)
  AND ($modalities IS NULL OR any(m IN r.modalities WHERE m IN $modalities))
  AND r.weight >= $minWeight
  AND ($since IS NULL OR r.lastSeen IS NULL OR r.lastSeen >= $since)
  AND ($until IS NULL OR r.firstSeen IS NULL OR r.firstSeen <= $until)
RETURN a.id AS source, b.id AS target, type(r) AS type, properties(r) AS props
