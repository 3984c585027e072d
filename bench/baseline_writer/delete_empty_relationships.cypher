// params: $rids (elementIds of relationships re-aggregated in this transaction).
// Relationships left without evidence (weight 0) go.
UNWIND $rids AS rid
MATCH ()-[r]->()
WHERE elementId(r) = rid AND r.weight = 0
DELETE r
