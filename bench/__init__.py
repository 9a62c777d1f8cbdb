"""Benchmarks of swr_fake: what it costs over bare interception, against moto, at scale.

Run ``python -m bench`` (or ``python -m bench --quick``) from the repository root; see
docs/bench.md. Nothing here is imported by the package or the test suite.
"""
