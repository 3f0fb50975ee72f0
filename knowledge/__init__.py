"""Embeddings, indexing and retrieval, demo content and importers."""
