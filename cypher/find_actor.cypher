// params: $lower (the reference, trimmed and lower-cased), $phrase (it as a Lucene phrase query)
// Exact, case-insensitive: id first, then name, then alias (the full-text index narrows the
// alias candidates, the list membership test makes the match exact).
CALL () {
  MATCH (a:Actor {idLower: $lower}) RETURN a, 0 AS rank
  UNION
  MATCH (a:Actor {nameLower: $lower}) RETURN a, 1 AS rank
  UNION
  CALL db.index.fulltext.queryNodes('actor_names', $phrase) YIELD node
  WITH node AS a
  WHERE $lower IN a.aliasesLower
  RETURN a, 2 AS rank
}
WITH a, rank, COUNT { (a)-->() } + COUNT { (a)<--() } AS degree
RETURN a {.*} AS props, degree
ORDER BY rank, degree DESC, a.id
LIMIT 1
