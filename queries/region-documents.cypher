// name: region-documents
// description: Documents about a region (its reports) or issued by bodies located in it, in id order.
// param: adcode | required | a six-digit adcode, or a region name as people type it
// param: limit | default= | at most this many rows (empty: all)
// param: skip | default=0 | rows to leave out first, in the answer's order
// columns: id, title, doc_number, relation, total
MATCH (r:Region {adcode: $adcode})
CALL (r) {
  MATCH (d:Document)-[:REPORTS_ON]->(r) RETURN d, 'reports_on' AS relation
  UNION
  MATCH (r)<-[:LOCATED_IN]-(a:Agency) WITH DISTINCT a
  MATCH (d:Document)-[:ISSUED_BY]->(a) RETURN d, 'issued' AS relation
}
WITH DISTINCT d, relation
ORDER BY d.id, relation
WITH collect([d, relation]) AS found
WITH size(found) AS total, found[toInteger($skip)..toInteger($skip + coalesce($limit, size(found)))] AS page
UNWIND range(0, size(page) - 1) AS n
WITH total, n, page[n][0] AS d, page[n][1] AS relation
RETURN d.id AS id, d.title AS title, d.doc_number AS doc_number, relation, total
ORDER BY n
