// params: $types, $excludeTypes, $modalities, $minWeight, $since, $until
// Every relationship between actors that passes the filter.
MATCH (a:Actor)-[r]->(b:Actor)
WHERE ($types IS NULL OR type(r) IN $types)
  AND ($excludeTypes IS NULL OR NOT type(r) IN $excludeTypes)
  AND ($modalities IS NULL OR any(m IN r.modalities WHERE m IN $modalities))
  AND r.weight >= $minWeight
  AND ($since IS NULL OR r.lastSeen IS NULL OR r.lastSeen >= $since)
  AND ($until IS NULL OR r.firstSeen IS NULL OR r.firstSeen <= $until)
RETURN a.id AS source, b.id AS target, type(r) AS type, properties(r) AS props
