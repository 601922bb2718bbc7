// name: cited-by-provinces
// description: Documents cited, forwarded or implemented from several provinces. A citing document belongs to the province of the region it reports on, or of its issuer's seat; citing_documents counts the citing documents so placed.
// param: min_provinces | default=2 | the least number of provinces citing a document
// columns: id, title, doc_number, province_count, provinces, citing_documents
// sets: provinces
MATCH (citer:Document)-[:CITES|FORWARDS|IMPLEMENTS]->(d:Document)
WHERE citer <> d
CALL (citer) {
  MATCH (citer)-[:REPORTS_ON]->(seat:Region)
  RETURN seat
  UNION
  MATCH (citer)-[:ISSUED_BY]->(:Agency)-[:LOCATED_IN]->(seat:Region)
  RETURN seat
}
MATCH (seat)-[:PART_OF*0..3]->(province:Region {level: 'province'})
WITH d, collect(DISTINCT province.name) AS provinces, count(DISTINCT citer) AS citing_documents
WHERE size(provinces) >= $min_provinces
RETURN d.id AS id, d.title AS title, d.doc_number AS doc_number, size(provinces) AS province_count,
       provinces, citing_documents
ORDER BY province_count DESC, citing_documents DESC, id
