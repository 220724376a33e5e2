//! Random, argument-shaped maps for benchmarks and tests.
