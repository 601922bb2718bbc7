// name: documents
// description: Documents by title fragment or 文号 (any bracket style), issuer, region, year and kind, one row per Document node, in id order.
// param: q | default= | a title fragment or a 文号 in any bracket style (浙政教督办[2022]5号)
// param: issuer | default= | part of the issuing body's name (杭州市教育局)
// param: in_region | default= | a region: documents issued by its bodies or reporting on it, or on a region inside it
// param: year | default= | the document's year
// param: kind | default= | the document kind (通知, 实施意见, 报告 …)
// columns: id, title, doc_number, kind, year, issuer, ingested, issuers, regions
// sets: issuers, regions
MATCH (d:Document)
WHERE ($q_title IS NULL OR d.title_key CONTAINS $q_title OR d.doc_number = $q_number OR d.title CONTAINS $q_text
       OR any(a IN coalesce(d.aliases, []) WHERE a CONTAINS $q_text))
  AND ($year IS NULL OR d.year = $year)
  AND ($kind IS NULL OR d.kind = $kind)
  AND ($issuer IS NULL OR d.issuer CONTAINS $issuer
       OR EXISTS { (d)-[:ISSUED_BY]->(a:Agency) WHERE a.name CONTAINS $issuer })
  AND ($in_region IS NULL
       OR EXISTS { (d)-[:ISSUED_BY]->(:Agency)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..3]->(:Region {adcode: $in_region}) }
       OR EXISTS { (d)-[:REPORTS_ON]->(:Region)-[:PART_OF*0..3]->(:Region {adcode: $in_region}) })
RETURN d.id AS id, d.title AS title, d.doc_number AS doc_number, d.kind AS kind, d.year AS year,
       d.issuer AS issuer, coalesce(d.ingested, false) AS ingested,
       COLLECT { MATCH (d)-[:ISSUED_BY]->(a:Agency) RETURN DISTINCT a.name } AS issuers,
       COLLECT { MATCH (d)-[:ISSUED_BY|REPORTS_ON]->(x)
                 OPTIONAL MATCH (x)-[:LOCATED_IN]->(seat:Region)
                 WITH coalesce(seat, x) AS r WHERE r:Region
                 RETURN DISTINCT {adcode: r.adcode, name: r.name, level: r.level} } AS regions
ORDER BY id
