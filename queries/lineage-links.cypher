// name: lineage-links
// description: Every lineage edge (CITES, FORWARDS, IMPLEMENTS, SUPERSEDES) a document's lineage tree of `depth` levels needs, with evidence: on each side asked for, the one-hop links of every document fewer than `depth` hops from the root on that side ("up": to what it follows, "down": to what follows it). One query for the whole tree.
// param: id | required | a Document id
// param: direction | default=both | up, down or both
// param: depth | default=3 | levels of the tree, 1 to 6
// columns: document, direction, relation, id, title, doc_number, doc_id, start, end, sentence
MATCH (d:Document)
WHERE d.id = $id
CALL (d) {
  MATCH p = (d)-[:CITES|FORWARDS|IMPLEMENTS|SUPERSEDES*0..5]->(y:Document)
  WHERE $direction IN ['up', 'both']
  WITH y, min(length(p)) AS hops
  WHERE hops < $depth
  MATCH (y)-[r:CITES|FORWARDS|IMPLEMENTS|SUPERSEDES]->(x:Document)
  RETURN y, r, x, 'up' AS direction
  UNION ALL
  MATCH p = (y:Document)-[:CITES|FORWARDS|IMPLEMENTS|SUPERSEDES*0..5]->(d)
  WHERE $direction IN ['down', 'both']
  WITH y, min(length(p)) AS hops
  WHERE hops < $depth
  MATCH (x:Document)-[r:CITES|FORWARDS|IMPLEMENTS|SUPERSEDES]->(y)
  RETURN y, r, x, 'down' AS direction
}
RETURN DISTINCT y.id AS document, direction, type(r) AS relation, x.id AS id, x.title AS title,
       x.doc_number AS doc_number, r.doc_id AS doc_id, r.start AS start, r.end AS end, r.sentence AS sentence
ORDER BY document, direction, id, relation, doc_id, start
