// Analyst query: the modality breakdown of everything said about one actor pair (either
// direction): pieces of evidence per relation type, modality and negation.
// Parameters:
//   $actorA (string)  id of one actor, e.g. "PRK"
//   $actorB (string)  id of the other, e.g. "RUS"
MATCH (:Actor {id: $actorA})-[r]-(:Actor {id: $actorB})
MATCH (e:Evidence {relKey: r.key})
RETURN type(r) AS type, e.modality AS modality, e.negated AS negated, count(e) AS evidence
ORDER BY type, evidence DESC, modality, negated
