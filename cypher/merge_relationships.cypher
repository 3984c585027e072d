// params: $rels (list of {source, type, target, key}); type is checked against the ontology
// before it gets here. Setting r.key also write-locks the relationship, so concurrent
// writers touching it re-aggregate one after the other and converge.
UNWIND $rels AS row
MATCH (a:Actor {id: row.source}), (b:Actor {id: row.target})
MERGE (a)-[r:$(row.type)]->(b)
SET r.key = row.key
