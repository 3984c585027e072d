// params: $ids (article ids). The relationships an article's evidence supports, as written.
UNWIND $ids AS id
MATCH (e:Evidence {articleId: id})
RETURN DISTINCT e.source AS source, e.type AS type, e.target AS target
