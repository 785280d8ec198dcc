"""Test support shared with the benchmarks: generated sites, a throwaway PostgreSQL, gold sets and scoring.

It is not installed with the package. bench/ may import it; nothing here imports bench/.
"""
