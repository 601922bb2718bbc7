// name: initiative-timeline
// description: How an initiative spread: regions adopting it per year and administrative level (year unknown last).
// param: initiative | required | an initiative's name or alias: 嵌入式幼儿园, 双减 …
// columns: year, level, adopters, regions
// sets: regions
MATCH (r:Region)-[a:ADOPTED]->(i:Initiative)
WHERE i.key = $initiative OR i.name = $initiative OR $initiative IN coalesce(i.aliases, [])
RETURN a.year AS year, r.level AS level, count(DISTINCT r) AS adopters, collect(DISTINCT r.adcode) AS regions
ORDER BY year, level
