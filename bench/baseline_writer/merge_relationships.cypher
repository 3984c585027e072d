// params: $rels (list of {source, target, key}), every row of the one type {TYPE}.
// placeholder: {TYPE} is a relationship type Neo4jStore has checked against the ontology
// (Ontology.check_types) and the UPPER_SNAKE_CASE pattern. A static type lets MERGE
// expand only that type's relationships of a dense actor; a dynamic $(row.type) reads all
// of them, which made writes between hub actors slow down as the graph grew.
// Setting r.key also write-locks the relationship, so concurrent writers touching it
// re-aggregate one after the other and converge. Returns each key's relationship id for
// the statements later in the same transaction.
UNWIND $rels AS row
MATCH (a:Actor {id: row.source}), (b:Actor {id: row.target})
MERGE (a)-[r:{TYPE}]->(b)
SET r.key = row.key
RETURN row.key AS key, elementId(r) AS rid
