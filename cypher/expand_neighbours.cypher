// params: $frontier (actor ids), $types, $excludeTypes, $modalities, $minWeight, $since, $until
// One ring of a neighbourhood: every filtered relationship touching the frontier, either way.
UNWIND $frontier AS id
MATCH (a:Actor {id: id})-[r]-(b:Actor)
WHERE ($types IS NULL OR type(r) IN $types)
  AND ($excludeTypes IS NULL OR NOT type(r) IN $excludeTypes)
  AND ($modalities IS NULL OR any(m IN r.modalities WHERE m IN $modalities))
  AND r.weight >= $minWeight
  AND ($since IS NULL OR r.lastSeen IS NULL OR r.lastSeen >= $since)
  AND ($until IS NULL OR r.firstSeen IS NULL OR r.firstSeen <= $until)
RETURN id AS source, b.id AS target, r.weight AS weight
