// name: most-cited
// description: The documents that most other documents cite, forward or implement, ranked within each level of the issuing body (national, province, city, county; unknown when no issuer is known).
// param: issuer_level | default=all | national, province, city, county, unknown, or all
// param: top | default=10 | how many documents to list per level
// columns: level, rank, id, title, doc_number, issuers, cited_by
// sets: issuers
MATCH (citer:Document)-[:CITES|FORWARDS|IMPLEMENTS]->(d:Document)
WHERE citer <> d
WITH d, count(DISTINCT citer) AS cited_by
OPTIONAL MATCH (d)-[:ISSUED_BY]->(a:Agency)
WITH d, cited_by, coalesce(a.level, 'unknown') AS level, collect(DISTINCT a.name) AS issuers
WHERE $issuer_level IS NULL OR level = $issuer_level
WITH d, cited_by, level, issuers
ORDER BY cited_by DESC, d.id
WITH level, collect({document: d, cited_by: cited_by, issuers: issuers})[..$top] AS ranked
UNWIND range(1, size(ranked)) AS rank
WITH level, rank, ranked[rank - 1] AS entry
RETURN level, rank, entry.document.id AS id, entry.document.title AS title,
       entry.document.doc_number AS doc_number, entry.issuers AS issuers, entry.cited_by AS cited_by
ORDER BY CASE level WHEN 'national' THEN 0 WHEN 'province' THEN 1 WHEN 'city' THEN 2 WHEN 'county' THEN 3 ELSE 4 END, rank
