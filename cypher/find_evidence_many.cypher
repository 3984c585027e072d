// params: $keys (relationship keys), $limit (per key). Evidence of many relationships in one
// round trip (views), each key's newest articles first, at most $limit per key.
UNWIND $keys AS key
MATCH (e:Evidence {relKey: key})
OPTIONAL MATCH (e)-[:IN_ARTICLE]->(art:Article)
WITH key, e, art
ORDER BY art.published IS NULL, art.published DESC, e.articleId, e.start
WITH key, collect({evidence: e {.*}, article: art {.*}}) AS found
RETURN key, found[..$limit] AS rows
