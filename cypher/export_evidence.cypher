// params: $after (the last evidence id of the previous page, "" for the first),
//         $batch (rows per page), $types, $excludeTypes (relation types),
//         $modalities (evidence modalities), $since, $until (article dates)
// One page of event rows for an export, in evidence id order (keyset paging on the
// Evidence id constraint's index, so every page costs the same).
MATCH (e:Evidence)
WHERE e.id > $after
  AND ($types IS NULL OR e.type IN $types)
  AND ($excludeTypes IS NULL OR NOT e.type IN $excludeTypes)
  AND ($modalities IS NULL OR e.modality IN $modalities)
OPTIONAL MATCH (e)-[:IN_ARTICLE]->(art:Article)
WITH e, art
WHERE ($since IS NULL OR art.published IS NULL OR art.published >= $since)
  AND ($until IS NULL OR art.published IS NULL OR art.published <= $until)
RETURN e {.*} AS evidence, art {.id, .title, .url, .published, .source} AS article
ORDER BY e.id
LIMIT $batch
