// name: citing-regions
// description: Regions whose ingested texts cite, implement or forward a document, with the citing text and the evidence sentence.
// param: doc | required | a document number in any bracket style (浙政教督办[2022]5号) or a title
// columns: region, adcode, parent, citing_document, evidence, doc_id, start, end
MATCH (target:Document)
WHERE ($number IS NOT NULL AND target.doc_number = $number)
   OR ($title IS NOT NULL AND (target.title_key = $title OR target.title_core = $title))
MATCH (report:Document)-[c:CITES|IMPLEMENTS|FORWARDS]->(target)
MATCH (report)-[:REPORTS_ON]->(r:Region)
OPTIONAL MATCH (r)-[:PART_OF]->(parent:Region)
RETURN DISTINCT r.name AS region, r.adcode AS adcode, parent.name AS parent,
       report.title AS citing_document, c.sentence AS evidence,
       c.doc_id AS doc_id, c.start AS start, c.end AS end
ORDER BY adcode, citing_document, start
