// Analyst query: actors whose relations are only ever `reported` ("according to", "reportedly")
// and never `asserted` as fact: claims to verify. Most reported first.
// Parameters:
//   $limit (int)  most rows to return, e.g. 25
MATCH (a:Actor)-[r]-(:Actor)
MATCH (e:Evidence {relKey: r.key})
WITH a,
     sum(CASE WHEN e.modality = 'reported' THEN 1 ELSE 0 END) AS reported,
     sum(CASE WHEN e.modality = 'asserted' THEN 1 ELSE 0 END) AS asserted,
     collect(DISTINCT type(r)) AS types
WHERE reported > 0 AND asserted = 0
RETURN a.id AS id, a.name AS name, a.kind AS kind, reported, types
ORDER BY reported DESC, id
LIMIT $limit
