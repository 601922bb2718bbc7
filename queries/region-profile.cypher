// name: region-profile
// description: A region by adcode: its parent chain (nearest first), the regions under it, documents about it or issued by its bodies, initiatives it adopted and indicators observed for it.
// param: adcode | required | a six-digit adcode, or a region name as people type it
// columns: region, adcode, level, parents, children, documents, initiatives, indicators
// sets: children, documents, initiatives, indicators
MATCH (r:Region {adcode: $adcode})
RETURN r.name AS region, r.adcode AS adcode, r.level AS level,
       COLLECT { MATCH path = (r)-[:PART_OF*1..3]->(p:Region)
                 WITH p, length(path) AS hops ORDER BY hops
                 RETURN {adcode: p.adcode, name: p.name, level: p.level} } AS parents,
       COLLECT { MATCH (c:Region)-[:PART_OF]->(r) RETURN DISTINCT {adcode: c.adcode, name: c.name, level: c.level} } AS children,
       COLLECT { CALL (r) {
                   MATCH (d:Document)-[:REPORTS_ON]->(r) RETURN d, 'reports_on' AS relation
                   UNION
                   MATCH (d:Document)-[:ISSUED_BY]->(:Agency)-[:LOCATED_IN]->(r) RETURN d, 'issued' AS relation
                 }
                 RETURN DISTINCT {id: d.id, title: d.title, doc_number: d.doc_number, relation: relation} } AS documents,
       COLLECT { MATCH (r)-[a:ADOPTED]->(i:Initiative) RETURN DISTINCT {name: i.name, year: a.year} } AS initiatives,
       COLLECT { MATCH (r)-[:OBSERVED]->(o:Observation)-[:MEASURES]->(ind:Indicator)
                 RETURN DISTINCT {indicator: ind.name, value: o.value, unit: o.unit, year: o.year} } AS indicators
