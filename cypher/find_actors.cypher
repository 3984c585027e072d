// params: $ids (actor ids). Actors with their degree in the whole graph; only the
// properties record.actor_node reads (the look-up keys would double what crosses the wire).
UNWIND $ids AS id
MATCH (a:Actor {id: id})
RETURN a {.id, .name, .kind, .country, .sector, .wikidata, .aliases} AS props,
       COUNT { (a)-->() } + COUNT { (a)<--() } AS degree
