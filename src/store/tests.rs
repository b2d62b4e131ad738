//! Store tests (filled in by the store test suite).
