// params: $rows (list of {rid, props}); rid is an elementId merge_relationships or
// lock_relationships returned in this transaction, props the aggregates (weight 0 for a
// relationship left without evidence, which delete_empty_relationships drops).
UNWIND $rows AS row
MATCH ()-[r]->()
WHERE elementId(r) = row.rid
SET r += row.props
RETURN count(CASE WHEN row.props.weight > 0 THEN 1 END) AS written
