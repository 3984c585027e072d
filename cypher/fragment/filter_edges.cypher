// params: $types, $excludeTypes, $modalities, $minWeight, $minSources, $since, $until
// fragment: the conditions an edge filter (EdgeFilter) puts on a relationship r, joined
// by AND, for a WHERE clause. A statement includes it with a line holding only
// {{filter_edges}} (indented as the text should be); cypher_files.load_query puts these
// lines there. The rules are graphkit.store.record.FILTER_RULES: change both together.
($types IS NULL OR type(r) IN $types)
AND ($excludeTypes IS NULL OR NOT type(r) IN $excludeTypes)
AND ($modalities IS NULL OR any(m IN r.modalities WHERE m IN $modalities))
AND r.weight >= $minWeight
AND coalesce(r.sources, 0) >= $minSources
AND ($since IS NULL OR r.lastSeen IS NULL OR r.lastSeen >= $since)
AND ($until IS NULL OR r.firstSeen IS NULL OR r.firstSeen <= $until)
