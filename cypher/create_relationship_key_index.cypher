// params: none.
// placeholder: {TYPE} is an ontology relationship type (writes.typed_query checks it).
// One range index per type on the relationship's key, so a relationship is found by key
// (lock_relationships) without walking a dense actor's chain of that type.
CREATE INDEX relationship_key_{TYPE} IF NOT EXISTS FOR ()-[r:{TYPE}]-() ON (r.key)
