// name: region-initiatives
// description: Initiatives a region adopted, one row per initiative and year of adoption, by name and year.
// param: adcode | required | a six-digit adcode, or a region name as people type it
// param: limit | default= | at most this many rows (empty: all)
// param: skip | default=0 | rows to leave out first, in the answer's order
// columns: name, year, total
MATCH (r:Region {adcode: $adcode})-[a:ADOPTED]->(i:Initiative)
WITH DISTINCT i.name AS name, a.year AS year
ORDER BY name, year
WITH collect([name, year]) AS found
WITH size(found) AS total, found[toInteger($skip)..toInteger($skip + coalesce($limit, size(found)))] AS page
UNWIND range(0, size(page) - 1) AS n
RETURN page[n][0] AS name, page[n][1] AS year, total
ORDER BY n
