"""Tests of the data-ownership checker (a package, so its helper modules keep their names)."""
