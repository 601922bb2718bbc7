// name: document-citing-regions
// description: Regions at one level whose documents cite (or forward, implement, supersede) a document: the region a citing report is about, or where its issuer sits, rolled up to that level.
// param: id | required | a Document id (doc:…)
// param: level | default=province | province, city or district
// param: limit | default= | at most this many regions, each with all its citations (empty: all)
// param: skip | default=0 | regions to leave out first, in adcode order
// columns: region, adcode, level, citing_id, citing_title, relation, doc_id, start, end, sentence, total
// note: paged by region, inside the query: total counts the regions, and only the page's citations
// note: read their sentence.
MATCH (target:Document {id: $id})<-[c:CITES|FORWARDS|IMPLEMENTS|SUPERSEDES]-(citing:Document)
CALL (citing) {
  MATCH (citing)-[:REPORTS_ON]->(home:Region) RETURN home
  UNION
  MATCH (citing)-[:ISSUED_BY]->(:Agency)-[:LOCATED_IN]->(home:Region) RETURN home
}
MATCH (home)-[:PART_OF*0..3]->(r:Region)
WHERE r.level = $level
WITH DISTINCT r, citing, c
WITH r, collect([citing, c]) AS citations
ORDER BY r.adcode
WITH collect([r, citations]) AS found
WITH size(found) AS total, found[toInteger($skip)..toInteger($skip + coalesce($limit, size(found)))] AS page
UNWIND page AS item
WITH total, item[0] AS r, item[1] AS citations
UNWIND citations AS citation
WITH total, r, citation[0] AS citing, citation[1] AS c
RETURN r.name AS region, r.adcode AS adcode, r.level AS level, citing.id AS citing_id,
       citing.title AS citing_title, type(c) AS relation, c.doc_id AS doc_id, c.start AS start,
       c.end AS end, c.sentence AS sentence, total
ORDER BY adcode, citing_id, start, relation
