// name: citing-regions
// description: Regions whose ingested texts cite, implement or forward a document, with the citing text and the evidence sentence. total counts the rows of the whole answer.
// param: doc | required | a document number in any bracket style (浙政教督办[2022]5号) or a title
// param: limit | default= | at most this many rows (empty: all)
// param: skip | default=0 | rows to leave out first, in the answer's order
// columns: region, adcode, parent, citing_document, evidence, doc_id, start, end, total
// note: paged inside the query; a citation met twice (two documents answering to the reference) is
// note: one row, and only the page's rows read their sentence.
MATCH (target:Document)
WHERE ($number IS NOT NULL AND target.doc_number = $number)
   OR ($title IS NOT NULL AND (target.title_key = $title OR target.title_core = $title))
MATCH (report:Document)-[c:CITES|IMPLEMENTS|FORWARDS]->(target)
MATCH (report)-[:REPORTS_ON]->(r:Region)
OPTIONAL MATCH (r)-[:PART_OF]->(parent:Region)
WITH r, parent, report.title AS citing_document, c.doc_id AS doc_id, c.start AS start, c.end AS end, collect(c)[0] AS c
ORDER BY r.adcode, citing_document, start, doc_id, end, parent.name
WITH collect([r, parent, citing_document, c]) AS found
WITH size(found) AS total, found[$skip..$skip + coalesce($limit, size(found))] AS page
UNWIND range(0, size(page) - 1) AS n
WITH total, n, page[n][0] AS r, page[n][1] AS parent, page[n][2] AS citing_document, page[n][3] AS c
RETURN r.name AS region, r.adcode AS adcode, parent.name AS parent, citing_document, c.sentence AS evidence,
       c.doc_id AS doc_id, c.start AS start, c.end AS end, total
ORDER BY n
