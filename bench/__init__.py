"""Benchmarks (results under bench/results/, git-ignored)."""
