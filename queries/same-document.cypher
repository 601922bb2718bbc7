// name: same-document
// description: Title-only citations that name a document issued by a body of the citing report's region or a region above it, when exactly one such document exists; ingest re-points each report's citation to it.
// columns: duplicate, report, document, title
MATCH (dup:Document)
WHERE dup.doc_number IS NULL AND dup.title_key IS NOT NULL AND dup.ingested IS NULL
  AND NOT (dup)-[:ISSUED_BY]->()
MATCH (report:Document)-[:CITES]->(dup)
MATCH (report)-[:REPORTS_ON]->(home:Region)
MATCH (doc:Document {title_key: dup.title_key})-[:ISSUED_BY]->(:Agency)-[:LOCATED_IN]->(seat:Region)
WHERE doc <> dup AND doc.doc_number IS NULL
  AND (seat = home OR (home)-[:PART_OF*1..3]->(seat))
WITH dup, report, collect(DISTINCT doc) AS docs
WHERE size(docs) = 1
RETURN dup.id AS duplicate, report.id AS report, docs[0].id AS document, dup.title_key AS title
ORDER BY duplicate, report
