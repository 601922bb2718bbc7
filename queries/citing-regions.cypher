// name: citing-regions
// description: Regions whose ingested texts cite, implement or forward a document, with the citing text and the evidence sentence. total counts the rows of the whole answer.
// param: doc | required | a document number in any bracket style (浙政教督办[2022]5号) or a title
// param: limit | default= | at most this many rows (empty: all)
// param: skip | default=0 | rows to leave out first, in the answer's order
// columns: region, adcode, parent, citing_document, evidence, doc_id, start, end, total
// note: paged inside the query; a citation met twice (two documents answering to the reference) is
// note: one row, and only the page's rows read their sentence. toInteger: Browser's :params sends
// note: numbers as floats.
MATCH (target:Document)
WHERE ($number IS NOT NULL AND target.doc_number = $number)
   OR ($title IS NOT NULL AND (target.title_key = $title OR target.title_core = $title))
MATCH (report:Document)-[c:CITES|IMPLEMENTS|FORWARDS]->(target), (report)-[:REPORTS_ON]->(r:Region)
OPTIONAL MATCH (r)-[:PART_OF]->(parent:Region)
WITH r, parent, report.title AS title, [c.doc_id, c.start, c.end] AS span, collect(c)[0] AS c
ORDER BY r.adcode, title, span[1], span[0], span[2], parent.name
WITH collect([r, parent, title, c]) AS found
UNWIND found[toInteger($skip)..toInteger($skip + coalesce($limit, size(found)))] AS x
RETURN x[0].name AS region, x[0].adcode AS adcode, x[1].name AS parent, x[2] AS citing_document,
       x[3].sentence AS evidence, x[3].doc_id AS doc_id, x[3].start AS start, x[3].end AS end,
       size(found) AS total ORDER BY adcode, citing_document, start, doc_id, end, parent
