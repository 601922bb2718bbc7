// name: lineage
// description: Documents a document cites, forwards or implements, transitively ("up"), and those that cite it ("down").
// param: doc | required | a document number in any bracket style, or a title
// param: direction | default=both | up (what it follows), down (what follows it) or both
// param: limit | default= | at most this many rows (empty: all)
// param: skip | default=0 | rows to leave out first, in the answer's order
// columns: document, direction, id, title, doc_number, depth, total
MATCH (d:Document)
WHERE ($number IS NOT NULL AND d.doc_number = $number)
   OR ($title IS NOT NULL AND (d.title_key = $title OR d.title_core = $title))
CALL (d) {
  MATCH p = (d)-[:CITES|FORWARDS|IMPLEMENTS|SUPERSEDES*1..6]->(x:Document)
  WHERE $direction IN ['up', 'both']
  RETURN x, 'up' AS direction, length(p) AS depth
  UNION
  MATCH p = (x:Document)-[:CITES|FORWARDS|IMPLEMENTS|SUPERSEDES*1..6]->(d)
  WHERE $direction IN ['down', 'both']
  RETURN x, 'down' AS direction, length(p) AS depth
}
WITH d, x, direction, depth
WHERE x <> d
WITH coalesce(d.title, d.doc_number) AS document, direction, x, min(depth) AS depth
ORDER BY document, direction, depth, x.id
WITH collect([document, direction, x, depth]) AS found
WITH size(found) AS total, found[toInteger($skip)..toInteger($skip + coalesce($limit, size(found)))] AS page
UNWIND range(0, size(page) - 1) AS n
WITH total, n, page[n][0] AS document, page[n][1] AS direction, page[n][2] AS x, page[n][3] AS depth
RETURN document, direction, x.id AS id, x.title AS title, x.doc_number AS doc_number, depth, total
ORDER BY n
