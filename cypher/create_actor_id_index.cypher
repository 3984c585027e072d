// params: none. Case-insensitive exact look-up by id.
CREATE INDEX actor_id_lower IF NOT EXISTS FOR (a:Actor) ON (a.idLower)
