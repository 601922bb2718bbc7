// name: adopters
// description: Regions that adopted an initiative (any name or alias it goes by), earliest first, with the evidence sentence and whether a higher level had adopted it before (top-down) or not (bottom-up). One row per adoption; parent is the region's parent (the lowest adcode if it has several); total counts the rows of the whole answer.
// param: initiative | required | an initiative's name or alias: 嵌入式幼儿园, 双减, 学校美育工作自评 …
// param: limit | default= | at most this many rows (empty: all)
// param: skip | default=0 | rows to leave out first, in the answer's order
// columns: initiative, region, adcode, parent, year, diffusion, led_by, led_year, evidence, doc_id, start, end, total
// note: paged inside the query: the adoptions are ordered and sliced on their keys alone, and only the
// note: page's rows read their parent, their leading region and their sentence.
MATCH (r:Region)-[a:ADOPTED]->(i:Initiative)
WHERE i.key = $initiative OR i.name = $initiative OR $initiative IN coalesce(i.aliases, [])
WITH i, r, a
ORDER BY a.year, r.adcode, a.doc_id, a.start, a.end, i.name
WITH collect([i, r, a]) AS found
WITH size(found) AS total, found[toInteger($skip)..toInteger($skip + coalesce($limit, size(found)))] AS page
UNWIND range(0, size(page) - 1) AS n
WITH total, n, page[n][0] AS i, page[n][1] AS r, page[n][2] AS a
CALL (r) {
  OPTIONAL MATCH (r)-[:PART_OF]->(p:Region)
  RETURN p.name AS parent ORDER BY p.adcode LIMIT 1
}
CALL (r, a, i) {
  OPTIONAL MATCH (r)-[:PART_OF*1..6]->(up:Region)-[b:ADOPTED]->(i)
  WHERE b.year IS NOT NULL AND a.year IS NOT NULL AND b.year <= a.year
  RETURN up.name AS led_by, b.year AS led_year ORDER BY b.year, up.adcode LIMIT 1
}
RETURN i.name AS initiative, r.name AS region, r.adcode AS adcode, parent, a.year AS year,
       CASE WHEN led_by IS NULL THEN 'bottom-up' ELSE 'top-down' END AS diffusion, led_by, led_year,
       a.sentence AS evidence, a.doc_id AS doc_id, a.start AS start, a.end AS end, total
ORDER BY n
