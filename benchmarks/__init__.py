"""Count-latency benchmarks: compiled segment trees against hand-written SQL."""
