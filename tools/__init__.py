"""Development tools used by the Makefile and the tests; not part of the installed package."""
