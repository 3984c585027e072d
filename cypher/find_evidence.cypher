// params: $key (relationship key), $limit. Evidence with its article, newest article first.
MATCH (e:Evidence {relKey: $key})
OPTIONAL MATCH (e)-[:IN_ARTICLE]->(art:Article)
RETURN e {.*} AS evidence, art {.*} AS article
ORDER BY art.published IS NULL, art.published DESC, e.articleId, e.start
LIMIT $limit
