"""The graph: schema, store-neutral types, and the stores that persist them."""
