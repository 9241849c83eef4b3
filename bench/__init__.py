"""Benchmarks: each prints its figures with the corpus and the machine it ran on."""
