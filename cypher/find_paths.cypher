// params: $source, $target, $directed, $symmetric (symmetric type names), $types, $excludeTypes, $modalities, $minWeight, $minSources, $since, $until
// placeholders: {SELECTOR} and {MAX_HOPS} are replaced by Neo4jStore.paths: the selector is
// one of the fixed strings "ALL SHORTEST" or "SHORTEST <n>" with n a validated int (1..100), the
// bound a validated int (1..6), because Neo4j 5.26 accepts neither a parameter for SHORTEST k
// nor for a quantifier bound. Nothing else is ever substituted into this text (the
// {{filter_edges}} fragment is part of it: load_query includes it when reading the file).
// graphkit keeps the simple paths, one per node sequence, and ranks them.
// Directed paths follow relationships forwards, symmetric ones either way.
MATCH p = {SELECTOR} (a:Actor {id: $source})
  ((x:Actor)-[r]-(y:Actor)
    WHERE (NOT $directed OR startNode(r) = x OR type(r) IN $symmetric)
      AND {{filter_edges}}
  ){1,{MAX_HOPS}}
  (b:Actor {id: $target})
RETURN [n IN nodes(p) | n.id] AS ids,
       [rel IN relationships(p) |
         {source: startNode(rel).id, target: endNode(rel).id, type: type(rel),
          props: properties(rel)}] AS rels
