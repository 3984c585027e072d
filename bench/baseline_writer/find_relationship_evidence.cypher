// params: $keys (relationship keys). What re-aggregation needs from each key's evidence;
// graphkit.store.record.aggregate turns it into weight, firstSeen/lastSeen, predicates,
// modalities, modes, negated, articles and sources (the article's outlet, computed once
// by record.outlet when the article was written). Keys without evidence return no row.
UNWIND $keys AS key
MATCH (e:Evidence {relKey: key})
OPTIONAL MATCH (e)-[:IN_ARTICLE]->(art:Article)
RETURN key, collect({predicate: e.predicate, modality: e.modality, mode: e.mode,
                     negated: e.negated, articleId: e.articleId, published: art.published,
                     outlet: art.outlet}) AS evidence
