"""Benchmarks: every figure is measured beside its bare baseline in the same process
and reported as a ratio, so results compare across noisy machines."""
