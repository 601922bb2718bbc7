// name: document-citing-regions
// description: Regions at one level whose documents cite (or forward, implement, supersede) a document: the region a citing report is about, or where its issuer sits, rolled up to that level.
// param: id | required | a Document id (doc:…)
// param: level | default=province | province, city or district
// columns: region, adcode, level, citing_id, citing_title, relation, doc_id, start, end, sentence
MATCH (target:Document {id: $id})<-[c:CITES|FORWARDS|IMPLEMENTS|SUPERSEDES]-(citing:Document)
CALL (citing) {
  MATCH (citing)-[:REPORTS_ON]->(home:Region) RETURN home
  UNION
  MATCH (citing)-[:ISSUED_BY]->(:Agency)-[:LOCATED_IN]->(home:Region) RETURN home
}
MATCH (home)-[:PART_OF*0..3]->(r:Region)
WHERE r.level = $level
RETURN DISTINCT r.name AS region, r.adcode AS adcode, r.level AS level, citing.id AS citing_id,
       citing.title AS citing_title, type(c) AS relation, c.doc_id AS doc_id, c.start AS start,
       c.end AS end, c.sentence AS sentence
ORDER BY adcode, citing_id, start, relation
