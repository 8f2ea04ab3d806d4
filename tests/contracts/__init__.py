"""One contract suite for each storage port, run against the in-memory fakes and SQL."""
