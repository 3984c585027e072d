// params: $keys (list of {source, target, key}), every row of the one type {TYPE}.
// placeholder: {TYPE} as in merge_relationships.cypher (checked against the ontology).
// Write-locks existing relationships whose evidence is about to change, before their
// evidence is counted again; returns each key's relationship id. Found through the type's
// key index (create_relationship_key_index), not by walking two hub actors' chains.
// CYPHER replan=skip: the plan (a key index seek) is the same on any graph (see
// merge_relationships.cypher).
CYPHER replan=skip
UNWIND $keys AS k
MATCH ()-[r:{TYPE} {key: k.key}]->()
SET r.key = k.key
RETURN k.key AS key, elementId(r) AS rid
