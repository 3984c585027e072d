// Analyst query: the timeline of one actor pair (either direction): each piece of evidence
// with its article, oldest article first (undated articles last).
// Parameters:
//   $actorA (string)  id of one actor, e.g. "PRK"
//   $actorB (string)  id of the other, e.g. "RUS"
//   $limit (int)      most rows to return, e.g. 100
MATCH (:Actor {id: $actorA})-[r]-(:Actor {id: $actorB})
MATCH (e:Evidence {relKey: r.key})-[:IN_ARTICLE]->(art:Article)
RETURN art.published AS published, art.title AS article, art.url AS url, e.source AS source,
       type(r) AS type, e.target AS target, e.predicate AS predicate, e.modality AS modality,
       e.negated AS negated, e.sentence AS sentence
ORDER BY published, article, e.start
LIMIT $limit
