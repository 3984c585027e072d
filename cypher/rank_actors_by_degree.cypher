// Analyst query: actors by degree (relationships of any type, either direction), with the
// evidence behind them; isolated actors rank last with degree 0.
// Parameters:
//   $limit (int)  most rows to return, e.g. 20
MATCH (a:Actor)
OPTIONAL MATCH (a)-[r]-(:Actor)
WITH a, count(r) AS degree, coalesce(sum(r.weight), 0) AS evidence,
     collect(DISTINCT type(r)) AS types
RETURN a.id AS id, a.name AS name, a.kind AS kind, degree, evidence, types
ORDER BY degree DESC, evidence DESC, id
LIMIT $limit
