// params: none. Counts for stats(): actors by kind, relationships by type, evidence, articles.
CALL () {
  MATCH (a:Actor)
  WITH coalesce(a.kind, 'unknown') AS kind, count(*) AS n
  RETURN collect([kind, n]) AS kinds
}
CALL () {
  MATCH (:Actor)-[r]->(:Actor)
  WITH type(r) AS type, count(*) AS n
  RETURN collect([type, n]) AS types
}
CALL () {
  MATCH (e:Evidence)
  RETURN count(e) AS evidence
}
CALL () {
  MATCH (a:Article)
  RETURN count(a) AS articles
}
RETURN kinds, types, evidence, articles
