// params: $actors (list of {id, name, kind, aliases, country, sector, wikidata})
// Aliases are unioned; empty scalars never wipe stored ones; the lower-cased look-up keys
// (idLower, nameLower, aliasesLower) and the full-text aliasesText are kept in step.
// An actor whose properties would not change is not written at all: a batch names the
// same hub actors again and again, and each rewrite costs a write lock and an update of
// every index on Actor (the full-text one included) at commit.
// CYPHER replan=skip: the plan (a unique seek) is the same on any graph (see
// merge_relationships.cypher).
CYPHER replan=skip
UNWIND $actors AS row
MERGE (a:Actor {id: row.id})
WITH a, row, coalesce(a.aliases, []) AS old
WITH a, row, old + [x IN row.aliases WHERE NOT x IN old] AS aliases
WITH a, {
    name: row.name,
    kind: coalesce(row.kind, a.kind),
    country: coalesce(row.country, a.country),
    sector: coalesce(row.sector, a.sector),
    wikidata: coalesce(row.wikidata, a.wikidata),
    aliases: aliases,
    idLower: toLower(trim(row.id)),
    nameLower: toLower(trim(row.name)),
    aliasesLower: reduce(acc = [], x IN [row.id, row.name] + aliases |
      CASE WHEN trim(x) = '' OR toLower(trim(x)) IN acc THEN acc ELSE acc + toLower(trim(x)) END),
    aliasesText: reduce(s = row.id, x IN aliases | s + ' | ' + x)
  } AS props
CALL (a, props) {
  WITH a, props
  WHERE any(k IN keys(props) WHERE NOT coalesce(a[k] = props[k], a[k] IS NULL AND props[k] IS NULL))
  SET a += props
}
RETURN count(a) AS written
