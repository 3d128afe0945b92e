"""Helpers of the tests that use the package as its users get it: built, installed, adopted."""
