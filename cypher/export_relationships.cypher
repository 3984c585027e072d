// params: $types, $excludeTypes, $modalities, $minWeight, $minSources, $since, $until
// Every relationship between actors that passes the filter.
MATCH (a:Actor)-[r]->(b:Actor)
WHERE {{filter_edges}}
RETURN a.id AS source, b.id AS target, type(r) AS type, properties(r) AS props
