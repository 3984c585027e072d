// params: $ids (actor ids). Actors with their degree in the whole graph.
UNWIND $ids AS id
MATCH (a:Actor {id: id})
RETURN a {.*} AS props, COUNT { (a)-->() } + COUNT { (a)<--() } AS degree
