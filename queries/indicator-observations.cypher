// name: indicator-observations
// description: Observations of an indicator (exact name, or names containing it) for comparison across regions, optionally within a region and for one year, with units and evidence.
// param: indicator | required | an indicator name, e.g. 学前三年毛入园率; 毛入园率 matches every name containing it
// param: in_region | default= | only observations of this region or regions inside it
// param: year | default= | only observations of this year
// columns: indicator, region, adcode, level, year, value, unit, evidence, doc_id, start, end
MATCH (r:Region)-[:OBSERVED]->(o:Observation)-[:MEASURES]->(i:Indicator)
WHERE (i.name = $indicator OR i.name CONTAINS $indicator)
  AND ($year IS NULL OR o.year = $year)
  AND ($in_region IS NULL OR EXISTS { (r)-[:PART_OF*0..3]->(:Region {adcode: $in_region}) })
RETURN DISTINCT i.name AS indicator, r.name AS region, r.adcode AS adcode, r.level AS level, o.year AS year,
       o.value AS value, o.unit AS unit, o.sentence AS evidence, o.doc_id AS doc_id, o.start AS start, o.end AS end
ORDER BY indicator, adcode, year, doc_id, start
