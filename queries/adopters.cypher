// name: adopters
// description: Regions that adopted an initiative (by name or alias), with the year and the evidence sentence.
// param: initiative | required | an initiative's name or alias: 嵌入式幼儿园, 双减, 集团化办学 …
// columns: initiative, region, adcode, parent, year, evidence, doc_id, start, end
MATCH (r:Region)-[a:ADOPTED]->(i:Initiative)
WHERE i.name = $initiative
OPTIONAL MATCH (r)-[:PART_OF]->(parent:Region)
RETURN DISTINCT i.name AS initiative, r.name AS region, r.adcode AS adcode, parent.name AS parent,
       a.year AS year, a.sentence AS evidence, a.doc_id AS doc_id, a.start AS start, a.end AS end
ORDER BY adcode, year, doc_id, start
