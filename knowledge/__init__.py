"""Embeddings, indexing and retrieval, demo content and importers.

- `embeddings`: `make_embedder(settings)` (offline USE-multilingual, Mistral, OpenAI),
  `to_halfvec(vector)` for `%s::halfvec` parameters.
- `profiles`: `Profile`, `MatchCriteria`, `match_profiles`, `count_compatible`,
  `get_profile_by_code`, `record_view`, `reset_views`, `catalogue_cities`,
  `build_search_text`, `index_profiles`; `profile_store.upsert_profile` writes rows.
- `faq`: `KnowledgeHit`, `search_knowledge`, `index_knowledge`, `DEFAULT_MIN_SCORE`.
- `demo`: `load_demo`, `database_is_empty`; `importers`: CSV imports; `reindex`: model
  switches; `commands`: the CLI (`seed --demo`, `profiles import`, `kb import`, `reindex`).
"""
