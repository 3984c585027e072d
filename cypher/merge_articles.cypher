// params: $articles (list of {id, title, url, published, source, contentHash})
UNWIND $articles AS row
MERGE (a:Article {id: row.id})
SET a += row
