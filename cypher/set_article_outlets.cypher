// params: $rows (list of {id, outlet}); outlet as graphkit.store.record.outlet computed it
// (null: unknown, which leaves the property absent).
UNWIND $rows AS row
MATCH (a:Article {id: row.id})
SET a.outlet = row.outlet
