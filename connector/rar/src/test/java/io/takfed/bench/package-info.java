/** Benchmarks run as commands (bench/), each beside a baseline measured in the same run; never timed unit tests. */
package io.takfed.bench;
