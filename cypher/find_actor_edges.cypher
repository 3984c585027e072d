// params: $id (actor id), $limit. The actor's relationships, strongest first.
MATCH (a:Actor {id: $id})
CALL (a) {
  MATCH (a)-[r]->(:Actor) RETURN r
  UNION
  MATCH (a)<-[r]-(:Actor) RETURN r
}
WITH startNode(r).id AS source, endNode(r).id AS target, type(r) AS type, r
RETURN source, target, type, properties(r) AS props
ORDER BY r.weight DESC, type, source, target
LIMIT $limit
