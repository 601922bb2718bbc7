// name: initiative-diffusion
// description: The order in which an initiative spread: every adopting region with its level, the year it first adopted the initiative, its wave (1 for the earliest year, 2 for the next …; none without a year), the year its parent region first adopted it, and the evidence of its first adoption.
// param: initiative | required | an initiative's name or alias: 嵌入式幼儿园, 双减, 集团化办学 …
// columns: initiative, wave, first_year, region, adcode, level, parent, parent_first_year, evidence, doc_id, start, end
MATCH (r:Region)-[a:ADOPTED]->(i:Initiative)
WHERE i.key = $initiative OR i.name = $initiative OR $initiative IN coalesce(i.aliases, [])
WITH i, r, a
ORDER BY a.year, a.doc_id, a.start
WITH i, r, collect(a)[0] AS first
OPTIONAL MATCH (r)-[:PART_OF]->(parent:Region)
OPTIONAL MATCH (parent)-[pa:ADOPTED]->(i)
WITH i, r, first, parent, min(pa.year) AS parent_first_year
WITH i, collect({region: r, first: first, parent: parent, parent_first_year: parent_first_year}) AS adopters
WITH i, adopters,
     reduce(ys = [], x IN adopters |
       CASE WHEN x.first.year IS NULL OR x.first.year IN ys THEN ys ELSE ys + x.first.year END) AS years
UNWIND adopters AS x
WITH i, x, CASE WHEN x.first.year IS NULL THEN NULL ELSE size([y IN years WHERE y < x.first.year]) + 1 END AS wave
RETURN i.name AS initiative, wave, x.first.year AS first_year, x.region.name AS region,
       x.region.adcode AS adcode, x.region.level AS level, x.parent.name AS parent,
       x.parent_first_year AS parent_first_year, x.first.sentence AS evidence, x.first.doc_id AS doc_id,
       x.first.start AS start, x.first.end AS end
ORDER BY wave, adcode, parent
