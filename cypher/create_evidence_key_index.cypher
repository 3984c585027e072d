// params: none. Evidence by the key of the relationship it supports (re-aggregation, evidence()).
CREATE INDEX evidence_rel_key IF NOT EXISTS FOR (e:Evidence) ON (e.relKey)
