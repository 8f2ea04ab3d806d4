"""`ombud demo`: the whole story on a fresh database, a virtual clock and scripted people."""
