// params: $actorA, $actorB (actor ids), $types, $excludeTypes (relation types),
//         $modalities (evidence modalities), $since, $until (article dates), $limit
// Every piece of evidence between two actors, either direction, for a dyad timeline:
// its key, its article's date, type, direction and negation. Undated evidence passes a
// date filter, as undated relationships pass the edge filter; the timeline counts it apart.
MATCH (:Actor {id: $actorA})-[r]-(:Actor {id: $actorB})
WHERE ($types IS NULL OR type(r) IN $types)
  AND ($excludeTypes IS NULL OR NOT type(r) IN $excludeTypes)
MATCH (e:Evidence {relKey: r.key})
WHERE $modalities IS NULL OR e.modality IN $modalities
OPTIONAL MATCH (e)-[:IN_ARTICLE]->(art:Article)
WITH e, r, art.published AS published
WHERE ($since IS NULL OR published IS NULL OR published >= $since)
  AND ($until IS NULL OR published IS NULL OR published <= $until)
RETURN e.id AS id, published, type(r) AS type, e.source AS source, e.target AS target,
       coalesce(e.negated, false) AS negated
LIMIT $limit
