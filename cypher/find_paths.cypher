// params: $source, $target, $directed, $symmetric (symmetric type names), $types, $excludeTypes, $modalities, $minWeight, $since, $until
// placeholders: {GROUPS} and {MAX_HOPS} are replaced by Neo4jStore.paths with validated Python
// ints (1..20 and 1..6), because Neo4j 5.26 accepts neither a parameter for SHORTEST k GROUPS
// nor for a quantifier bound. Nothing else is ever substituted into this text.
// Every path of the {GROUPS} shortest lengths; graphkit keeps the simple ones and ranks them.
// Directed paths follow relationships forwards, symmetric ones either way.
MATCH p = SHORTEST {GROUPS} GROUPS (a:Actor {id: $source})
  ((x:Actor)-[r]-(y:Actor)
    WHERE (NOT $directed OR startNode(r) = x OR type(r) IN $symmetric)
      AND ($types IS NULL OR type(r) IN $types)
  AND ($excludeTypes IS NULL OR NOT type(r) IN $excludeTypes)
  AND ($modalities IS NULL OR any(m IN r.modalities WHERE m IN $modalities))
  AND r.weight >= $minWeight
  AND ($since IS NULL OR r.lastSeen IS NULL OR r.lastSeen >= $since)
  AND ($until IS NULL OR r.firstSeen IS NULL OR r.firstSeen <= $until)
  ){1,{MAX_HOPS}}
  (b:Actor {id: $target})
RETURN [n IN nodes(p) | n.id] AS ids,
       [rel IN relationships(p) |
         {source: startNode(rel).id, target: endNode(rel).id, type: type(rel),
          props: properties(rel)}] AS rels
