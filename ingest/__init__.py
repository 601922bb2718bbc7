"""Reading documents: text in, store-neutral graph batches out."""
