// params: none. One Article per id (Article.key_for: URL or text hash).
CREATE CONSTRAINT article_id IF NOT EXISTS FOR (a:Article) REQUIRE a.id IS UNIQUE
