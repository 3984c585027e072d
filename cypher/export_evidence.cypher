// params: $after (the last evidence id of the previous page, "" for the first),
//         $batch (ids per page),
//         $types, $excludeTypes, $modalities, $since, $until (fragment filter_evidence)
// One page of event rows for an export: the next $batch evidence ids in order (keyset
// paging on the Evidence id constraint's index, so every page costs the same, however
// selective the filter), each with its evidence and article when it passes the filter
// and nulls when it does not; the caller pages on from the last id.
MATCH (e:Evidence)
WHERE e.id > $after
WITH e
ORDER BY e.id
LIMIT $batch
OPTIONAL MATCH (e)-[:IN_ARTICLE]->(art:Article)
WITH e, art, art.published AS published
WITH e, art, (
  {{filter_evidence}}
) AS keep
RETURN e.id AS id, CASE WHEN keep THEN e {.*} END AS evidence,
       CASE WHEN keep THEN art {.*} END AS article
