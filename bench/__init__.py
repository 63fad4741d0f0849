"""backchat's benchmarks: a load generator and the scenario matrix behind `make bench`."""
