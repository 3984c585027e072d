// Analyst query: shortest paths (up to 4 hops, any direction, any relation type) from each
// actor of one bloc to each actor of another, shortest first. `path` can be drawn with
// `%%cypher --view`.
// Parameters:
//   $blocA (list<string>)  actor ids of the first bloc, e.g. ["PRK", "RUS"]
//   $blocB (list<string>)  actor ids of the second bloc, e.g. ["KOR", "NATO"]
//   $limit (int)           most paths to return, e.g. 25
MATCH (a:Actor) WHERE a.id IN $blocA
MATCH (b:Actor) WHERE b.id IN $blocB AND a <> b
MATCH path = shortestPath((a)-[*..4]-(b))
RETURN a.id AS fromActor, b.id AS toActor, length(path) AS hops,
       [n IN nodes(path) | n.name] AS actors,
       [r IN relationships(path) | type(r)] AS types, path
ORDER BY hops, fromActor, toActor
LIMIT $limit
