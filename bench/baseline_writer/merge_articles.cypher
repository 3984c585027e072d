// params: $articles (list of {id, title, url, published, source, outlet, contentHash})
// Returns each article's content hash as stored before this write (null: this write
// created it). The SET takes the node's write lock before the hash is read, so two
// concurrent writers of one article never both see it missing or stale: the second
// waits, then reads what the first committed. An unchanged article is left as it is.
UNWIND $articles AS row
MERGE (a:Article {id: row.id})
SET a.writeLock = true
WITH a, row, a.contentHash AS before
REMOVE a.writeLock
SET a += CASE WHEN before = row.contentHash THEN {} ELSE row END
RETURN row.id AS id, before
