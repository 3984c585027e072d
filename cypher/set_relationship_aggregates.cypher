// params: $rows (list of {source, type, target, props}); props holds the aggregates
// (weight 0 for a relationship left without evidence, which delete_empty_relationships drops).
UNWIND $rows AS row
MATCH (:Actor {id: row.source})-[r]->(:Actor {id: row.target})
WHERE type(r) = row.type
SET r += row.props
RETURN count(CASE WHEN row.props.weight > 0 THEN 1 END) AS written
