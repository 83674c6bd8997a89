"""`make bench`: Mail Tracker measured on a throwaway test host (see docs/benchmarks.md)."""
