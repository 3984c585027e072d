// params: none. Every actor with the properties record.actor_node reads and the look-up
// keys resolve_actor matches, for graphkit.store.snapshot (degrees come from the
// relationships exported with it).
MATCH (a:Actor)
RETURN a {.id, .name, .kind, .country, .sector, .wikidata, .aliases, .idLower, .nameLower,
          .aliasesLower} AS props
