// params: none. One GraphVersion node: concurrent writers' MERGEs cannot create two.
CREATE CONSTRAINT graph_version_id IF NOT EXISTS FOR (v:GraphVersion) REQUIRE v.id IS UNIQUE
