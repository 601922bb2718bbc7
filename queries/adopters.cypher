// name: adopters
// description: Regions that adopted an initiative (any name or alias it goes by), earliest first, with the evidence sentence and whether a higher level had adopted it before (top-down) or not (bottom-up).
// param: initiative | required | an initiative's name or alias: 嵌入式幼儿园, 双减, 学校美育工作自评 …
// columns: initiative, region, adcode, parent, year, diffusion, led_by, led_year, evidence, doc_id, start, end
MATCH (r:Region)-[a:ADOPTED]->(i:Initiative)
WHERE i.key = $initiative OR i.name = $initiative OR $initiative IN coalesce(i.aliases, [])
OPTIONAL MATCH (r)-[:PART_OF]->(parent:Region)
OPTIONAL MATCH (r)-[:PART_OF*1..6]->(up:Region)-[b:ADOPTED]->(i)
WHERE b.year IS NOT NULL AND a.year IS NOT NULL AND b.year <= a.year
WITH i, r, a, parent, up, b
ORDER BY b.year, up.adcode
WITH i, r, a, parent, collect(up.name)[0] AS led_by, collect(b.year)[0] AS led_year
RETURN DISTINCT i.name AS initiative, r.name AS region, r.adcode AS adcode, parent.name AS parent, a.year AS year,
       CASE WHEN led_by IS NULL THEN 'bottom-up' ELSE 'top-down' END AS diffusion, led_by, led_year,
       a.sentence AS evidence, a.doc_id AS doc_id, a.start AS start, a.end AS end
ORDER BY year, adcode, doc_id, start
