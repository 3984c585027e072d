// params: none. Case-insensitive exact look-up by name.
CREATE INDEX actor_name_lower IF NOT EXISTS FOR (a:Actor) ON (a.nameLower)
