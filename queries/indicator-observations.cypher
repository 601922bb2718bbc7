// name: indicator-observations
// description: Observations of an indicator (exact name, or names containing it) for comparison across regions, optionally within a region and for one year, with units and evidence.
// param: indicator | required | an indicator name, e.g. 学前三年毛入园率; 毛入园率 matches every name containing it
// param: in_region | default= | only observations of this region or regions inside it
// param: year | default= | only observations of this year
// param: limit | default= | at most this many rows (empty: all)
// param: skip | default=0 | rows to leave out first, in the answer's order
// columns: indicator, region, adcode, level, year, value, unit, evidence, doc_id, start, end, total
MATCH (r:Region)-[:OBSERVED]->(o:Observation)-[:MEASURES]->(i:Indicator)
WHERE (i.name = $indicator OR i.name CONTAINS $indicator)
  AND ($year IS NULL OR o.year = $year)
  AND ($in_region IS NULL OR EXISTS { (r)-[:PART_OF*0..3]->(:Region {adcode: $in_region}) })
WITH DISTINCT i, r, o
ORDER BY i.name, r.adcode, o.year, o.doc_id, o.start, o.end
WITH collect([i, r, o]) AS found
WITH size(found) AS total, found[toInteger($skip)..toInteger($skip + coalesce($limit, size(found)))] AS page
UNWIND range(0, size(page) - 1) AS n
WITH total, n, page[n][0] AS i, page[n][1] AS r, page[n][2] AS o
RETURN i.name AS indicator, r.name AS region, r.adcode AS adcode, r.level AS level, o.year AS year,
       o.value AS value, o.unit AS unit, o.sentence AS evidence, o.doc_id AS doc_id, o.start AS start, o.end AS end,
       total
ORDER BY n
