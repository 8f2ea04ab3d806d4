"""Benchmark scripts that print figures; run each as `python bench/NAME.py` (see README.md)."""
