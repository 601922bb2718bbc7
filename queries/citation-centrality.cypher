// name: citation-centrality
// description: Documents ranked by their place in the citation graph (CITES, FORWARDS, IMPLEMENTS between Documents): cited_by counts the documents citing one, in_degree_centrality is that count over the other documents (networkx's in-degree centrality), reach counts the documents that follow it within 6 steps.
// param: top | default=20 | how many documents to list
// columns: rank, id, title, doc_number, cited_by, in_degree_centrality, reach
// note: analytics. The embedded twin computes these with networkx (in_degree_centrality, and
// note: shortest-path lengths over the reversed citation graph); this Cypher gets the same figures
// note: by counting, with networkx's arithmetic (count times 1/(n-1)), so both stores give identical
// note: rows. PageRank is not offered: Neo4j Community without GDS cannot reproduce it in plain Cypher.
MATCH (doc:Document)
WITH count(doc) AS documents
MATCH (citer:Document)-[:CITES|FORWARDS|IMPLEMENTS]->(d:Document)
WHERE citer <> d
WITH documents, d, count(DISTINCT citer) AS cited_by
CALL (d) {
  MATCH (follower:Document)-[:CITES|FORWARDS|IMPLEMENTS*1..6]->(d)
  WHERE follower <> d
  RETURN count(DISTINCT follower) AS reach
}
WITH documents, d, cited_by, reach
ORDER BY cited_by DESC, reach DESC, d.id
LIMIT $top
WITH documents, collect({document: d, cited_by: cited_by, reach: reach}) AS ranked
UNWIND range(1, size(ranked)) AS rank
WITH documents, rank, ranked[rank - 1] AS entry
RETURN rank, entry.document.id AS id, entry.document.title AS title, entry.document.doc_number AS doc_number,
       entry.cited_by AS cited_by, toFloat(entry.cited_by) * (1.0 / (documents - 1.0)) AS in_degree_centrality,
       entry.reach AS reach
ORDER BY rank
