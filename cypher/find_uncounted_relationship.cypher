// params: none. One relationship written before edges counted their articles and sources,
// if any is left: whether Neo4jWrites.setup must fill them in (then lock_uncounted_relationships).
MATCH (:Actor)-[r]->(:Actor)
WHERE r.sources IS NULL
RETURN r.key AS key
LIMIT 1
