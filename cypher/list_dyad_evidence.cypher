// params: $actorA, $actorB (actor ids), $limit (most rows),
//         $types, $excludeTypes, $modalities, $since, $until (fragment filter_evidence)
// Every piece of evidence between two actors, either direction, for a dyad timeline:
// its key, its article's date, type, direction and negation.
MATCH (:Actor {id: $actorA})-[r]-(:Actor {id: $actorB})
MATCH (e:Evidence {relKey: r.key})
OPTIONAL MATCH (e)-[:IN_ARTICLE]->(art:Article)
WITH e, art.published AS published
WHERE {{filter_evidence}}
RETURN e.id AS id, published, e.type AS type, e.source AS source, e.target AS target,
       coalesce(e.negated, false) AS negated
LIMIT $limit
