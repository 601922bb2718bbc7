// name: citation-path
// description: The shortest chains (at most 6 steps of CITES, FORWARDS, IMPLEMENTS, SUPERSEDES) from one document to another: up follows what the first document cites, down what cites it, both ignores the direction. Every shortest chain is listed.
// param: from | required | the first document: a document number in any bracket style, or a title
// param: to | required | the second document, likewise
// param: direction | default=up | up, down or both
// columns: from_id, to_id, hops, path, titles
MATCH (a:Document)
WHERE ($from_number IS NOT NULL AND a.doc_number = $from_number)
   OR ($from_title IS NOT NULL AND a.title_key = $from_title)
MATCH (b:Document)
WHERE a <> b
  AND (($to_number IS NOT NULL AND b.doc_number = $to_number)
    OR ($to_title IS NOT NULL AND b.title_key = $to_title))
CALL (a, b) {
  WITH a, b WHERE $direction = 'up'
  MATCH p = allShortestPaths((a)-[:CITES|FORWARDS|IMPLEMENTS|SUPERSEDES*..6]->(b))
  RETURN p
  UNION
  WITH a, b WHERE $direction = 'down'
  MATCH p = allShortestPaths((a)<-[:CITES|FORWARDS|IMPLEMENTS|SUPERSEDES*..6]-(b))
  RETURN p
  UNION
  WITH a, b WHERE $direction = 'both'
  MATCH p = allShortestPaths((a)-[:CITES|FORWARDS|IMPLEMENTS|SUPERSEDES*..6]-(b))
  RETURN p
}
RETURN DISTINCT a.id AS from_id, b.id AS to_id, length(p) AS hops, [n IN nodes(p) | n.id] AS path,
       [n IN nodes(p) | coalesce(n.title, n.doc_number)] AS titles
ORDER BY from_id, to_id, path
