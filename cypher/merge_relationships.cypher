// params: $rels (list of {source, target, key, props}), every row of the one type {TYPE},
// in key order; props are the aggregates of this batch's evidence of the key alone
// (graphkit.store.record.aggregate), right for a relationship this statement creates.
// placeholder: {TYPE} is a relationship type Neo4jStore has checked against the ontology
// (Ontology.check_types) and the UPPER_SNAKE_CASE pattern. A static type lets MERGE
// expand only that type's relationships of a dense actor; a dynamic $(row.type) reads all
// of them, which made writes between hub actors slow down as the graph grew.
// A stored relationship always has weight > 0 (delete_empty_relationships drops the
// others in the transaction that emptied them), so weight 0 just after the MERGE means
// this statement created it: it takes props at once and needs no second pass. An existing
// one only has its key set, which write-locks it, so concurrent writers touching it
// re-aggregate it from all its evidence (created = false) one after the other and converge.
// CYPHER replan=skip: the plan (two unique seeks, then expand-into) is the same on any
// graph, so it is not planned again each time a growing graph's counts drift (planning
// cost more than the writes of a typed batch).
CYPHER replan=skip
UNWIND $rels AS row
MATCH (a:Actor {id: row.source}), (b:Actor {id: row.target})
MERGE (a)-[r:{TYPE}]->(b)
ON CREATE SET r.weight = 0
WITH r, row, r.weight = 0 AS created
SET r += CASE WHEN created THEN row.props ELSE {} END, r.key = row.key
RETURN row.key AS key, elementId(r) AS rid, created
