/**
 * What Orca's property-based (fuzz) tests share: {@link dev.orca.testkit.fuzz.FuzzBudget}, which fixes the seed,
 * scales the tries for the long run, fails a hung try, and records the figures. Needs jqwik on the test class path
 * of the module that uses it.
 */
package dev.orca.testkit.fuzz;
