// name: region
// description: A region's profile: its parent chain, the reports about it, documents its bodies issued, initiatives and indicators.
// param: region | required | a region name, an alias (杭州高新区（滨江）) or a six-digit adcode
// columns: region, adcode, level, parents, reports, issued, initiatives, indicators
// sets: reports, issued, initiatives, indicators
MATCH (r:Region {adcode: $adcode})
OPTIONAL MATCH path = (r)-[:PART_OF*1..3]->(p:Region)
WITH r, p ORDER BY length(path)
WITH r, [x IN collect(p) | x.name] AS parents
OPTIONAL MATCH (rep:Document)-[:REPORTS_ON]->(r)
WITH r, parents, collect(DISTINCT rep.title) AS reports
OPTIONAL MATCH (r)<-[:LOCATED_IN]-(:Agency)-[:ISSUED]->(d:Document)
WITH r, parents, reports, collect(DISTINCT coalesce(d.title, d.doc_number)) AS issued
OPTIONAL MATCH (r)-[:ADOPTED]->(i:Initiative)
WITH r, parents, reports, issued, collect(DISTINCT i.name) AS initiatives
OPTIONAL MATCH (r)-[:OBSERVED]->(o:Observation)-[:MEASURES]->(ind:Indicator)
WITH r, parents, reports, issued, initiatives,
     collect(DISTINCT CASE WHEN o IS NULL THEN NULL ELSE {indicator: ind.name, value: o.value, unit: o.unit, year: o.year} END) AS indicators
RETURN r.name AS region, r.adcode AS adcode, r.level AS level, parents, reports, issued, initiatives, indicators
