// params: $keys (every relationship key the two actors can share: base.rel_key of each
//         relation type, both ways), $limit (most pieces of evidence),
//         $types, $excludeTypes, $modalities, $since, $until (fragment filter_evidence)
// Every piece of evidence between two actors, either direction, for a dyad timeline:
// its key, its article's date, type, direction and negation. The evidence is sought by
// relationship key on its index, never by expanding a hub actor's relationships, and it
// comes back as one row holding a list of [id, published, type, source, target, negated]
// lists, the date as ISO text: one Bolt record per piece of evidence, and the driver's
// Date objects, cost several times as much to send and decode as the query itself.
UNWIND $keys AS key
MATCH (e:Evidence {relKey: key})
OPTIONAL MATCH (e)-[:IN_ARTICLE]->(art:Article)
WITH e, art.published AS published
WHERE {{filter_evidence}}
WITH e, published
LIMIT $limit
RETURN collect([e.id, toString(published), e.type, e.source, e.target, coalesce(e.negated, false)])
       AS rows
