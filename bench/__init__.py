"""Benchmarks: synthetic journey maps of a chosen size and the script that times them."""
