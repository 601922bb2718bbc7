// name: region-profile
// description: A region by adcode: its parent chain (nearest first) and the regions under it; what is about it is paged by region-documents, region-initiatives and region-indicators.
// param: adcode | required | a six-digit adcode, or a region name as people type it
// columns: region, adcode, level, parents, children
// sets: children
MATCH (r:Region {adcode: $adcode})
RETURN r.name AS region, r.adcode AS adcode, r.level AS level,
       COLLECT { MATCH path = (r)-[:PART_OF*1..3]->(p:Region)
                 WITH p, length(path) AS hops ORDER BY hops
                 RETURN {adcode: p.adcode, name: p.name, level: p.level} } AS parents,
       COLLECT { MATCH (c:Region)-[:PART_OF]->(r) RETURN DISTINCT {adcode: c.adcode, name: c.name, level: c.level} } AS children
