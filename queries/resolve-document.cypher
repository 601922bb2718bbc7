// name: resolve-document
// description: Documents a citation may name: by normalised 文号, or else by title key.
// param: number | default= | a document number in any bracket style
// param: title | default= | a title, with or without 《》
// columns: id, title, doc_number, issuer, ingested
MATCH (d:Document)
WHERE ($number IS NOT NULL AND d.doc_number = $number)
   OR ($number IS NULL AND $title IS NOT NULL AND d.title_key = $title)
RETURN d.id AS id, d.title AS title, d.doc_number AS doc_number, d.issuer AS issuer,
       coalesce(d.ingested, false) AS ingested
ORDER BY id
