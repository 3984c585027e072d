// params: none. placeholder: {TYPE} as in cypher/create_relationship_key_index.cypher.
// The baseline ran without the per-type key indexes: drop one before it runs.
DROP INDEX relationship_key_{TYPE} IF EXISTS
