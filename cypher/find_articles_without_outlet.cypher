// params: $after (article id to resume after, e.g. ""), $limit (max rows, e.g. 1000)
// Articles written before articles had an outlet, in id order from $after: one page of
// the fill-in at setup (Neo4jWrites.setup), which computes each outlet
// with graphkit.store.record.outlet. An article whose outlet is unknown comes back once
// per fill-in, as the pages move on by id.
MATCH (a:Article)
WHERE a.id > $after AND a.outlet IS NULL
RETURN a.id AS id, a.source AS source, a.url AS url
ORDER BY a.id
LIMIT $limit
