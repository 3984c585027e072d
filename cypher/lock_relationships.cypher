// params: $keys (list of {source, target, key}), every row of the one type {TYPE}.
// placeholder: {TYPE} as in merge_relationships.cypher (checked against the ontology).
// Write-locks existing relationships whose evidence is about to change, before their
// evidence is counted again; returns each key's relationship id.
UNWIND $keys AS k
MATCH (:Actor {id: k.source})-[r:{TYPE}]->(:Actor {id: k.target})
SET r.key = k.key
RETURN k.key AS key, elementId(r) AS rid
