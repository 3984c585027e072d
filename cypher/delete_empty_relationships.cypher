// params: $keys (list of {source, type, target}). Relationships left without evidence go.
UNWIND $keys AS k
MATCH (:Actor {id: k.source})-[r]->(:Actor {id: k.target})
WHERE type(r) = k.type AND r.weight = 0
DELETE r
