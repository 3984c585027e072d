// params: none. Evidence by article, to replace an updated article's evidence.
CREATE INDEX evidence_article_id IF NOT EXISTS FOR (e:Evidence) ON (e.articleId)
