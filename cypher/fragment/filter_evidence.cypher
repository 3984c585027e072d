// params: $types, $excludeTypes, $modalities, $since, $until
// fragment: the conditions an edge filter (EdgeFilter) puts on one piece of evidence e
// whose article's date is bound as published, joined by AND, for a WHERE clause
// (timelines and event exports count evidence, not aggregated relationships). Undated
// evidence passes a date bound, as undated relationships pass filter_edges. A statement
// includes it with a line holding only {{filter_evidence}}. The rules are
// graphkit.store.record.EVIDENCE_RULES: change both together.
($types IS NULL OR e.type IN $types)
AND ($excludeTypes IS NULL OR NOT e.type IN $excludeTypes)
AND ($modalities IS NULL OR e.modality IN $modalities)
AND ($since IS NULL OR published IS NULL OR published >= $since)
AND ($until IS NULL OR published IS NULL OR published <= $until)
