"""Benchmarks outside the product packages: ``python -m benchmarks.dashboard`` times the dashboard in Chromium."""
