// params: $query (a Lucene query built from escaped user words), $limit (candidates)
// Full-text candidates only: graphkit ranks them again with rapidfuzz.
CALL db.index.fulltext.queryNodes('actor_names', $query, {limit: $limit}) YIELD node, score
RETURN node {.*} AS props, COUNT { (node)-->() } + COUNT { (node)<--() } AS degree, score
