// params: none. Full-text index over names and aliases (aliasesText joins id and aliases)
// for search and alias look-up.
CREATE FULLTEXT INDEX actor_names IF NOT EXISTS FOR (a:Actor) ON EACH [a.name, a.aliasesText]
