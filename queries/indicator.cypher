// name: indicator
// description: Observations of an indicator (exact name, or names containing it) across regions and years, with evidence.
// param: indicator | required | an indicator name, e.g. 学前三年毛入园率; 毛入园率 matches every name containing it
// param: limit | default= | at most this many rows (empty: all)
// param: skip | default=0 | rows to leave out first, in the answer's order
// columns: indicator, region, adcode, year, value, unit, evidence, doc_id, start, end, total
MATCH (r:Region)-[:OBSERVED]->(o:Observation)-[:MEASURES]->(i:Indicator)
WHERE i.name = $indicator OR i.name CONTAINS $indicator
WITH i, r, o
ORDER BY i.name, r.adcode, o.year, o.doc_id, o.start, o.end
WITH collect([i, r, o]) AS found
WITH size(found) AS total, found[toInteger($skip)..toInteger($skip + coalesce($limit, size(found)))] AS page
UNWIND range(0, size(page) - 1) AS n
WITH total, n, page[n][0] AS i, page[n][1] AS r, page[n][2] AS o
RETURN i.name AS indicator, r.name AS region, r.adcode AS adcode, o.year AS year, o.value AS value,
       o.unit AS unit, o.sentence AS evidence, o.doc_id AS doc_id, o.start AS start, o.end AS end, total
ORDER BY n
