// params: $since (first article date counted, e.g. "2024-10-01").
// Evidence from articles published on or after $since, counted per pair of actors (either
// direction; the pair's ids in order), for the landing page's most active actors and dyads.
MATCH (e:Evidence)-[:IN_ARTICLE]->(art:Article)
WHERE art.published >= $since AND e.source <> e.target
WITH CASE WHEN e.source < e.target THEN e.source ELSE e.target END AS a,
     CASE WHEN e.source < e.target THEN e.target ELSE e.source END AS b
RETURN a, b, count(*) AS n
