"""Benchmarks for mutualscope and the corpus generator they share.

``bench.corpus`` makes a deterministic, seeded corpus; ``bench.harness`` discovers the
``bench/bench_*.py`` modules, runs them and writes ``bench/results.json``;
``bench.measure`` holds the latency and throughput helpers; ``bench.taguette`` measures
the same work in Taguette. See ``docs/benchmarks.md``.
"""
