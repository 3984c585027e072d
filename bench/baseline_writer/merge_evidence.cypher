// params: $evidence (list of evidence property maps, each with id, relKey and articleId)
UNWIND $evidence AS row
MATCH (art:Article {id: row.articleId})
MERGE (e:Evidence {id: row.id})
WITH e, row, art, e.relKey IS NULL AS created
SET e += row
MERGE (e)-[:IN_ARTICLE]->(art)
RETURN count(CASE WHEN created THEN 1 END) AS created
