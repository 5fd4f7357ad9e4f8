/**
 * Benchmarks kept in the repository. Run them with {@code ./bench <name>} (reports:
 * docs/performance-*.md); the test suite never runs them, and no test asserts a timing.
 */
package io.newswire.bench;
