// params: $actors (list of {id, name, kind, aliases, country, sector, wikidata})
// Aliases are unioned; empty scalars never wipe stored ones; the lower-cased look-up keys
// (idLower, nameLower, aliasesLower) and the full-text aliasesText are kept in step.
UNWIND $actors AS row
MERGE (a:Actor {id: row.id})
WITH a, row, coalesce(a.aliases, []) AS old
WITH a, row, old + [x IN row.aliases WHERE NOT x IN old] AS aliases
SET a.name = row.name,
    a.kind = coalesce(row.kind, a.kind),
    a.country = coalesce(row.country, a.country),
    a.sector = coalesce(row.sector, a.sector),
    a.wikidata = coalesce(row.wikidata, a.wikidata),
    a.aliases = aliases,
    a.idLower = toLower(trim(row.id)),
    a.nameLower = toLower(trim(row.name)),
    a.aliasesLower = reduce(acc = [], x IN [row.id, row.name] + aliases |
      CASE WHEN trim(x) = '' OR toLower(trim(x)) IN acc THEN acc ELSE acc + toLower(trim(x)) END),
    a.aliasesText = reduce(s = row.id, x IN aliases | s + ' | ' + x)
RETURN count(a) AS written
