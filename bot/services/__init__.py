"""Application services: what the command line and the demo ask of the database, one call each."""
