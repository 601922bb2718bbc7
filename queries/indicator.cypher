// name: indicator
// description: Observations of an indicator (exact name, or names containing it) across regions and years, with evidence.
// param: indicator | required | an indicator name, e.g. 学前三年毛入园率; 毛入园率 matches every name containing it
// columns: indicator, region, adcode, year, value, unit, evidence, doc_id, start, end
MATCH (r:Region)-[:OBSERVED]->(o:Observation)-[:MEASURES]->(i:Indicator)
WHERE i.name = $indicator OR i.name CONTAINS $indicator
RETURN i.name AS indicator, r.name AS region, r.adcode AS adcode, o.year AS year, o.value AS value,
       o.unit AS unit, o.sentence AS evidence, o.doc_id AS doc_id, o.start AS start, o.end AS end
ORDER BY indicator, adcode, year, doc_id, start
