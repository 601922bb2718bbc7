// name: region
// description: A region's profile: its parent chain, the reports about it, documents its bodies issued, initiatives and indicators.
// param: region | required | a region name, an alias (杭州高新区（滨江）) or a six-digit adcode
// param: limit | default= | at most this many items in each list, in its order (empty: all)
// columns: region, adcode, level, parents, reports, issued, initiatives, indicators, totals
// note: each list is in order (titles and names by code point; indicators by name, year, value,
// note: unit) and cut at `limit`; totals counts each whole list.
MATCH (r:Region {adcode: $adcode})
OPTIONAL MATCH path = (r)-[:PART_OF*1..3]->(p:Region)
WITH r, p ORDER BY length(path)
WITH r, [x IN collect(p) | x.name] AS parents
WITH r, parents,
     COLLECT { MATCH (rep:Document)-[:REPORTS_ON]->(r) WHERE rep.title IS NOT NULL
               RETURN DISTINCT rep.title AS title ORDER BY title } AS reports,
     COLLECT { MATCH (r)<-[:LOCATED_IN]-(a:Agency) WITH DISTINCT a
               MATCH (a)-[:ISSUED]->(d:Document) WITH coalesce(d.title, d.doc_number) AS title WHERE title IS NOT NULL
               RETURN DISTINCT title ORDER BY title } AS issued,
     COLLECT { MATCH (r)-[:ADOPTED]->(i:Initiative) RETURN DISTINCT i.name AS name ORDER BY name } AS initiatives,
     COLLECT { MATCH (r)-[:OBSERVED]->(o:Observation)-[:MEASURES]->(ind:Indicator)
               WITH DISTINCT ind.name AS indicator, o.value AS value, o.unit AS unit, o.year AS year
               ORDER BY indicator, year, value, unit
               RETURN {indicator: indicator, value: value, unit: unit, year: year} } AS indicators
RETURN r.name AS region, r.adcode AS adcode, r.level AS level, parents,
       reports[0..coalesce($limit, size(reports))] AS reports,
       issued[0..coalesce($limit, size(issued))] AS issued,
       initiatives[0..coalesce($limit, size(initiatives))] AS initiatives,
       indicators[0..coalesce($limit, size(indicators))] AS indicators,
       {reports: size(reports), issued: size(issued), initiatives: size(initiatives), indicators: size(indicators)} AS totals
