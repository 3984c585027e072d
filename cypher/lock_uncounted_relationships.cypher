// params: $limit (max rows, e.g. 1000)
// Relationships written before edges counted their articles and sources: one batch of
// the fill-in at setup (Neo4jWrites.setup). Setting r.key write-locks
// each, as lock_relationships does, so a concurrent writer's aggregate and the fill-in's
// come one after the other. Each batch sets sources on all it returns (or deletes them),
// so the next batch finds the rest.
MATCH (:Actor)-[r]->(:Actor)
WHERE r.sources IS NULL
WITH r
LIMIT $limit
SET r.key = r.key
RETURN r.key AS key, elementId(r) AS rid
