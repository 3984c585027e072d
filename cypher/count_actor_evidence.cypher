// params: $actorA (actor id), $types, $excludeTypes (relation types),
//         $modalities (evidence modalities), $since, $until (article dates)
// One actor's evidence grouped by article date, type, direction, counterpart and
// negation, for its timeline: a hub's tens of thousands of pieces travel as a few
// thousand counted rows.
MATCH (:Actor {id: $actorA})-[r]-(:Actor)
WHERE ($types IS NULL OR type(r) IN $types)
  AND ($excludeTypes IS NULL OR NOT type(r) IN $excludeTypes)
MATCH (e:Evidence {relKey: r.key})
WHERE $modalities IS NULL OR e.modality IN $modalities
OPTIONAL MATCH (e)-[:IN_ARTICLE]->(art:Article)
WITH e, r, art.published AS published
WHERE ($since IS NULL OR published IS NULL OR published >= $since)
  AND ($until IS NULL OR published IS NULL OR published <= $until)
RETURN published, type(r) AS type, e.source AS source, e.target AS target,
       coalesce(e.negated, false) AS negated, count(*) AS n
