"""Benchmarks that print the project's figures beside a named baseline (`python3 -m bench.<name>`)."""
