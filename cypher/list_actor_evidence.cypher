// params: $actorA (actor id), $limit (most pieces),
//         $types, $excludeTypes, $modalities, $since, $until (fragment filter_evidence)
// An actor's newest evidence (either direction) that passes the filter, with its article,
// for the actor page: newest article first, undated last, then position in the text.
MATCH (:Actor {id: $actorA})-[r]-(:Actor)
MATCH (e:Evidence {relKey: r.key})
OPTIONAL MATCH (e)-[:IN_ARTICLE]->(art:Article)
WITH e, art, art.published AS published
WHERE {{filter_evidence}}
RETURN e {.*} AS evidence, art {.*} AS article
ORDER BY published IS NULL, published DESC, e.articleId, e.start
LIMIT $limit
