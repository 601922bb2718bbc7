// name: document-links
// description: The lineage edges (CITES, FORWARDS, IMPLEMENTS, SUPERSEDES) of some documents, one hop, with evidence: "up" to what each follows, "down" to what follows it.
// param: ids | required | Document ids, comma-separated
// param: direction | default=both | up, down or both
// columns: document, direction, relation, id, title, doc_number, doc_id, start, end, sentence
MATCH (d:Document)
WHERE d.id IN $ids
CALL (d) {
  MATCH (d)-[r:CITES|FORWARDS|IMPLEMENTS|SUPERSEDES]->(x:Document)
  WHERE $direction IN ['up', 'both']
  RETURN r, x, 'up' AS direction
  UNION ALL
  MATCH (x:Document)-[r:CITES|FORWARDS|IMPLEMENTS|SUPERSEDES]->(d)
  WHERE $direction IN ['down', 'both']
  RETURN r, x, 'down' AS direction
}
RETURN DISTINCT d.id AS document, direction, type(r) AS relation, x.id AS id, x.title AS title,
       x.doc_number AS doc_number, r.doc_id AS doc_id, r.start AS start, r.end AS end, r.sentence AS sentence
ORDER BY document, direction, id, relation, doc_id, start
