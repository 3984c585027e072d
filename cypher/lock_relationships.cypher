// params: $keys (list of {source, type, target, key}). Write-locks existing relationships
// whose evidence is about to change, before their evidence is counted again.
UNWIND $keys AS k
MATCH (:Actor {id: k.source})-[r]->(:Actor {id: k.target})
WHERE type(r) = k.type
SET r.key = k.key
