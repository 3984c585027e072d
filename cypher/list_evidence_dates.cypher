// params: $keys (relationship keys), $limit (most dates per key).
// The article dates of many relationships' evidence in one round trip, for the views' time
// slicer: per key, how many pieces of evidence are dated and their dates, newest first, at
// most $limit of them (undated evidence is left out).
UNWIND $keys AS key
MATCH (e:Evidence {relKey: key})-[:IN_ARTICLE]->(art:Article)
WHERE art.published IS NOT NULL
WITH key, art.published AS day
ORDER BY day DESC
WITH key, collect(day) AS days
RETURN key, size(days) AS dated, days[..$limit] AS days
