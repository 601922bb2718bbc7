// name: document
// description: One document by id: its identity, issuers, source, the documents it cites, forwards, implements or supersedes, and those that do so to it, each with evidence.
// param: id | required | a Document id (doc:…)
// columns: id, title, doc_number, kind, year, date, issuer, ingested, aliases, source_path, sources, source_url, reports_on, issuers, cites, cited_by
// sets: aliases, sources, reports_on, issuers, cites, cited_by
MATCH (d:Document {id: $id})
RETURN d.id AS id, d.title AS title, d.doc_number AS doc_number, d.kind AS kind, d.year AS year, d.date AS date,
       d.issuer AS issuer, coalesce(d.ingested, false) AS ingested, coalesce(d.aliases, []) AS aliases,
       d.source_path AS source_path, coalesce(d.sources, []) AS sources, d.source_url AS source_url,
       COLLECT { MATCH (d)-[:REPORTS_ON]->(r:Region) RETURN DISTINCT {adcode: r.adcode, name: r.name, level: r.level} } AS reports_on,
       COLLECT { MATCH (d)-[b:ISSUED_BY]->(a:Agency)
                 RETURN {agency: a.name, basis: b.basis, doc_id: b.doc_id, start: b.start, end: b.end, sentence: b.sentence} } AS issuers,
       COLLECT { MATCH (d)-[c:CITES|FORWARDS|IMPLEMENTS|SUPERSEDES]->(t:Document)
                 RETURN {relation: type(c), id: t.id, title: t.title, doc_number: t.doc_number,
                         doc_id: c.doc_id, start: c.start, end: c.end, sentence: c.sentence} } AS cites,
       COLLECT { MATCH (s:Document)-[c:CITES|FORWARDS|IMPLEMENTS|SUPERSEDES]->(d)
                 RETURN {relation: type(c), id: s.id, title: s.title, doc_number: s.doc_number,
                         doc_id: c.doc_id, start: c.start, end: c.end, sentence: c.sentence} } AS cited_by
