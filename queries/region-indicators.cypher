// name: region-indicators
// description: Indicator values observed for a region, distinct, by indicator, year, value and unit.
// param: adcode | required | a six-digit adcode, or a region name as people type it
// param: limit | default= | at most this many rows (empty: all)
// param: skip | default=0 | rows to leave out first, in the answer's order
// columns: indicator, value, unit, year, total
MATCH (r:Region {adcode: $adcode})-[:OBSERVED]->(o:Observation)-[:MEASURES]->(ind:Indicator)
WITH DISTINCT ind.name AS indicator, o.value AS value, o.unit AS unit, o.year AS year
ORDER BY indicator, year, value, unit
WITH collect([indicator, value, unit, year]) AS found
WITH size(found) AS total, found[toInteger($skip)..toInteger($skip + coalesce($limit, size(found)))] AS page
UNWIND range(0, size(page) - 1) AS n
RETURN page[n][0] AS indicator, page[n][1] AS value, page[n][2] AS unit, page[n][3] AS year, total
ORDER BY n
