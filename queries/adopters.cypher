// name: adopters
// description: Regions that adopted an initiative (any name or alias it goes by), earliest first, with the evidence sentence and whether a higher level had adopted it before (top-down) or not (bottom-up). One row per adoption; parent is the region's parent (the lowest adcode if it has several); total counts the rows of the whole answer.
// param: initiative | required | an initiative's name or alias: 嵌入式幼儿园, 双减, 学校美育工作自评 …
// param: limit | default= | at most this many rows (empty: all)
// param: skip | default=0 | rows to leave out first, in the answer's order
// columns: initiative, region, adcode, parent, year, diffusion, led_by, led_year, evidence, doc_id, start, end, total
// note: paged inside the query: each initiative's adoptions are read off the rank index (its id, then
// note: year, region adcode, doc_id, start, end) only as far as the page reaches; total is the
// note: initiatives' degree; only the page's rows read their parent, leading region and sentence.
MATCH (i:Initiative)
WHERE i.key = $initiative OR i.name = $initiative OR $initiative IN coalesce(i.aliases, [])
WITH collect(DISTINCT i) AS named
WITH named, reduce(t = 0, x IN named | t + COUNT { (x)<-[:ADOPTED]-() }) AS total
CALL (named) {
  UNWIND named AS i
  CALL (i) {
    MATCH (r:Region)-[a:ADOPTED]->(i)
    USING INDEX a:ADOPTED(rank)
    WHERE a.rank STARTS WITH i.id + '|'
    RETURN r, a ORDER BY a.rank LIMIT toInteger($skip) + coalesce(toInteger($limit), 2000000000)
  }
  RETURN i, r, a ORDER BY substring(a.rank, size(i.id) + 1), i.name
  SKIP toInteger($skip) LIMIT coalesce(toInteger($limit), 2000000000)
}
WITH total, collect([i, r, a]) AS page
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
