// name: lineage
// description: Documents a document cites, forwards or implements, transitively ("up"), and those that cite it ("down").
// param: doc | required | a document number in any bracket style, or a title
// param: direction | default=both | up (what it follows), down (what follows it) or both
// columns: document, direction, id, title, doc_number, depth
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
WITH d, x, direction, min(depth) AS depth
WHERE x <> d
RETURN coalesce(d.title, d.doc_number) AS document, direction, x.id AS id, x.title AS title,
       x.doc_number AS doc_number, depth
ORDER BY document, direction, depth, id
