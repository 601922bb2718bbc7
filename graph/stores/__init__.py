"""Backends implementing graph.store.Store."""
