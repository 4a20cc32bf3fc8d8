"""The parts of the corpus generator, one module per kind of data; use ``bench.corpus``."""
