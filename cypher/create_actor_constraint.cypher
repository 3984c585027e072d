// params: none. One Actor per id: concurrent MERGEs cannot create duplicates.
CREATE CONSTRAINT actor_id IF NOT EXISTS FOR (a:Actor) REQUIRE a.id IS UNIQUE
