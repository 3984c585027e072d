// params: $ids (a page of actor ids). The relationships leaving these actors, for
// graphkit.store.snapshot, as one row of parallel lists (EDGE_COLUMNS): far cheaper for
// the Python driver to decode than a row per relationship. One page at a time: a whole
// graph of 5M relationships collected in one row passed db.memory.transaction.max.
// Dates travel as YYYYMMDD integers (snapshot.day_number), cheaper still than date
// values. Every column is coalesced: collect() drops nulls, which would misalign the lists.
MATCH (a:Actor) WHERE a.id IN $ids
MATCH (a)-[r]->(b:Actor)
RETURN collect(a.id) AS sources, collect(b.id) AS targets, collect(type(r)) AS types,
       collect(coalesce(r.weight, 0)) AS weights, collect(coalesce(r.predicates, [])) AS predicates,
       collect(coalesce(r.modalities, [])) AS modalities, collect(coalesce(r.modes, [])) AS modes,
       collect(coalesce(r.negated, false)) AS negated,
       collect(coalesce(r.articles, 0)) AS articleCounts, collect(coalesce(r.sources, 0)) AS sourceCounts,
       collect(coalesce(r.firstSeen.year * 10000 + r.firstSeen.month * 100 + r.firstSeen.day, -1)) AS firstSeen,
       collect(coalesce(r.lastSeen.year * 10000 + r.lastSeen.month * 100 + r.lastSeen.day, -1)) AS lastSeen
