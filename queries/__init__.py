"""Named queries: Cypher text in one .cypher file each, an embedded twin in embedded.py, one registry."""
