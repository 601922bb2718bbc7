// name: adopters
// description: Regions that adopted an initiative (any name or alias it goes by), earliest first, with the evidence sentence and whether a higher level had adopted it before (top-down) or not (bottom-up). One row per adoption; parent is the region's parent (the lowest adcode if it has several); total counts the rows of the whole answer.
// param: initiative | required | an initiative's name or alias: 嵌入式幼儿园, 双减, 学校美育工作自评 …
// param: limit | default= | at most this many rows (empty: all)
// param: skip | default=0 | rows to leave out first, in the answer's order
// columns: initiative, region, adcode, parent, year, diffusion, led_by, led_year, evidence, doc_id, start, end, total
// note: paged inside the query: an adoption's `rank` (graph/schema.yaml: its initiative's id, then
// note: year, region adcode, doc_id, start, end) is range-indexed, so a page is read off the index
// note: in order, the total is the initiatives' degree, and only the page's rows read their
// note: parent, their leading region and their sentence.
MATCH (i:Initiative)
WHERE i.key = $initiative OR i.name = $initiative OR $initiative IN coalesce(i.aliases, [])
WITH collect(i) AS found, sum(COUNT { (i)<-[:ADOPTED]-() }) AS total
// One initiative (the usual case): the index skips to the page. Several: each one's first
// skip + limit, merged on the key after the initiative's id, then sliced.
WITH found, total, size(found) = 1 AS one
UNWIND found AS i
CALL (i, one) {
  WITH i WHERE one
  MATCH ()-[a:ADOPTED]->()
  USING INDEX a:ADOPTED(rank)
  WHERE a.rank STARTS WITH i.id + '|' AND endNode(a) = i  // an id that extends i's with '|' is not i
  RETURN a ORDER BY a.rank SKIP toInteger($skip) LIMIT toInteger(coalesce($limit, 9223372036854775807))
  UNION ALL
  WITH i WHERE NOT one
  MATCH ()-[a:ADOPTED]->()
  USING INDEX a:ADOPTED(rank)
  WHERE a.rank STARTS WITH i.id + '|' AND endNode(a) = i
  RETURN a ORDER BY a.rank LIMIT toInteger(coalesce($skip + $limit, 9223372036854775807))
}
WITH total, one, i, a ORDER BY substring(a.rank, size(i.id) + 1), i.name
WITH total, one, collect([i, a]) AS found
WITH total, CASE WHEN one THEN found ELSE found[toInteger($skip)..toInteger($skip + coalesce($limit, size(found)))] END AS page
UNWIND range(0, size(page) - 1) AS n
WITH total, n, page[n][0] AS i, page[n][1] AS a
MATCH (r:Region)-[a]->(i)
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
