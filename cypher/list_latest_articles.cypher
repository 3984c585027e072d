// params: $limit (most articles, e.g. 10).
// The newest articles, by publication date (undated ones last), for the landing page.
MATCH (art:Article)
RETURN art {.id, .title, .url, .source, .published} AS article
ORDER BY art.published IS NULL, art.published DESC, art.id
LIMIT $limit
