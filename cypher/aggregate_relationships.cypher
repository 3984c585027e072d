// params: $keys (list of {source, type, target, key}), $rank (map modality -> strength, 0 strongest)
// Recomputes every aggregate from the evidence (graphkit.store.record.aggregate says the same
// in Python): weight, firstSeen/lastSeen from the articles' dates, predicates by frequency,
// modalities strongest first, modes, and negated when all evidence is negated.
UNWIND $keys AS k
MATCH (:Actor {id: k.source})-[r]->(:Actor {id: k.target})
WHERE type(r) = k.type
CALL (r) {
  OPTIONAL MATCH (e:Evidence {relKey: r.key})
  OPTIONAL MATCH (e)-[:IN_ARTICLE]->(art:Article)
  WITH count(e) AS weight, min(art.published) AS firstSeen, max(art.published) AS lastSeen,
       collect(e.negated) AS negations
  RETURN weight, firstSeen, lastSeen, weight > 0 AND all(x IN negations WHERE x) AS negated
}
CALL (r) {
  MATCH (e:Evidence {relKey: r.key})
  WHERE e.predicate IS NOT NULL AND e.predicate <> ''
  WITH e.predicate AS p, count(*) AS n
  ORDER BY n DESC, p
  RETURN collect(p) AS predicates
}
CALL (r) {
  MATCH (e:Evidence {relKey: r.key})
  WHERE e.modality IS NOT NULL
  WITH DISTINCT e.modality AS m
  ORDER BY coalesce($rank[m], 99), m
  RETURN collect(m) AS modalities
}
CALL (r) {
  MATCH (e:Evidence {relKey: r.key})
  WHERE e.mode IS NOT NULL AND e.mode <> ''
  WITH DISTINCT e.mode AS m
  ORDER BY m
  RETURN collect(m) AS modes
}
SET r.weight = weight, r.firstSeen = firstSeen, r.lastSeen = lastSeen, r.negated = negated,
    r.predicates = predicates, r.modalities = modalities, r.modes = modes
RETURN count(CASE WHEN weight > 0 THEN 1 END) AS written
