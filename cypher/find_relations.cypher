// params: $source, $target, $type (each may be null), $symmetric (symmetric type names), $limit
// Symmetric relationships are matched whichever way round the ends are given.
MATCH (a:Actor)-[r]->(b:Actor)
WHERE ($type IS NULL OR type(r) = $type)
  AND ((($source IS NULL OR a.id = $source) AND ($target IS NULL OR b.id = $target))
    OR (type(r) IN $symmetric
        AND ($source IS NULL OR b.id = $source) AND ($target IS NULL OR a.id = $target)))
RETURN a.id AS source, b.id AS target, type(r) AS type, properties(r) AS props
ORDER BY r.weight DESC, type, source, target
LIMIT $limit
