// name: initiative-spread
// description: How initiatives spread year by year: for each year, the regions that first adopted the initiative then, and how many regions had adopted it by then. Adoptions without a year are left out.
// param: initiatives | default=* | an initiative's name or alias (双减, 嵌入式幼儿园 …), or * for every initiative
// columns: initiative, year, new_regions, regions_so_far, regions
// sets: regions
MATCH (r:Region)-[a:ADOPTED]->(i:Initiative)
WHERE $initiatives IS NULL OR i.key = $initiatives OR i.name = $initiatives OR $initiatives IN coalesce(i.aliases, [])
WITH i, r, min(a.year) AS first_year
WHERE first_year IS NOT NULL
WITH i, first_year, collect(r.name) AS regions
ORDER BY first_year
WITH i, collect({year: first_year, regions: regions}) AS years
UNWIND range(1, size(years)) AS k
WITH i, years[k - 1] AS step, reduce(n = 0, y IN years[..k] | n + size(y.regions)) AS regions_so_far
RETURN i.name AS initiative, step.year AS year, size(step.regions) AS new_regions, regions_so_far,
       step.regions AS regions
ORDER BY initiative, year
