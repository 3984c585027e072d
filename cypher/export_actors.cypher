// params: none. Every actor with its degree.
MATCH (a:Actor)
RETURN a {.*} AS props, COUNT { (a)-->() } + COUNT { (a)<--() } AS degree
ORDER BY a.id
