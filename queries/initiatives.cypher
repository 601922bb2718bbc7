// name: initiatives
// description: Every initiative with how many regions adopted it, the first year of adoption and how many documents mention it.
// columns: name, adopters, first_year, documents
MATCH (i:Initiative)
RETURN i.name AS name,
       COUNT { MATCH (r:Region)-[:ADOPTED]->(i) RETURN DISTINCT r } AS adopters,
       COLLECT { MATCH (:Region)-[a:ADOPTED]->(i) WHERE a.year IS NOT NULL RETURN a.year AS y ORDER BY y LIMIT 1 }[0] AS first_year,
       COUNT { MATCH (d:Document)-[:MENTIONS]->(i) RETURN DISTINCT d } AS documents
ORDER BY name
