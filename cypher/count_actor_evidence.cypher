// params: $actorA (actor id),
//         $types, $excludeTypes, $modalities, $since, $until (fragment filter_evidence)
// One actor's evidence grouped by article date, type, direction and negation, for its
// timeline: a hub's tens of thousands of pieces travel as a few thousand counted rows.
MATCH (:Actor {id: $actorA})-[r]-(:Actor)
MATCH (e:Evidence {relKey: r.key})
OPTIONAL MATCH (e)-[:IN_ARTICLE]->(art:Article)
WITH e, art.published AS published
WHERE {{filter_evidence}}
RETURN published, e.type AS type, e.source AS source, e.target AS target,
       coalesce(e.negated, false) AS negated, count(*) AS n
