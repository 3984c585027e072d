// params: none. One Evidence per deterministic id (Relation.evidence_id).
CREATE CONSTRAINT evidence_id IF NOT EXISTS FOR (e:Evidence) REQUIRE e.id IS UNIQUE
