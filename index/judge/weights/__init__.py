"""The judges' trained weights: NAME.json beside NAME.npy, written by benchmarks/judge_*.py."""
