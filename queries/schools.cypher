// name: schools
// description: Schools, kindergartens and universities, optionally within a region, with where they are and the documents naming them.
// param: in_region | default= | only schools located in this region or a region inside it
// columns: id, name, kind, regions, documents
// sets: regions, documents
MATCH (s:School)
WHERE $in_region IS NULL
   OR EXISTS { (s)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..3]->(:Region {adcode: $in_region}) }
RETURN s.id AS id, s.name AS name, s.kind AS kind,
       COLLECT { MATCH (s)-[:LOCATED_IN]->(r:Region) RETURN DISTINCT {adcode: r.adcode, name: r.name} } AS regions,
       COLLECT { MATCH (d:Document)-[:MENTIONS]->(s) RETURN DISTINCT d.id } AS documents
ORDER BY id
