// params: $ids (article ids). Drops the evidence of updated articles before rewriting it.
UNWIND $ids AS id
MATCH (e:Evidence {articleId: id})
DETACH DELETE e
