// params: $source, $target, $directed, $symmetric (symmetric type names), $types, $excludeTypes, $modalities, $minWeight, $since, $until
// placeholders: {SELECTOR} and {MAX_HOPS} are replaced by Neo4jStore.paths: the selector is
// one of the fixed strings "ALL SHORTEST" or "SHORTEST <n>" with n a validated int (1..100), the
// bound a validated int (1..6), because Neo4j 5.26 accepts neither a parameter for SHORTEST k
// nor for a quantifier bound. Nothing else is ever substituted into this text.
// graphkit keeps the simple paths, one per node sequence, and ranks them.
// Directed paths follow relationships forwards, symmetric ones either way.
MATCH p = {SELECTOR} (a:Actor {id: $source})
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
