// params: none. What a snapshot of the graph is checked against: the token graphkit's
// writes change, and the actor and relationship counts (from Neo4j's count store, so
// O(1)) that also catch most writes made with other tools.
OPTIONAL MATCH (v:GraphVersion {id: 'graph'})
WITH v.token AS token
CALL () {
  MATCH ()-[r]->()
  RETURN count(r) AS relationships
}
CALL () {
  MATCH (a:Actor)
  RETURN count(a) AS actors
}
RETURN token, relationships, actors
