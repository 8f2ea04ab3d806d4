"""In-memory fakes of the storage ports, with the same contract as the SQL stores."""
