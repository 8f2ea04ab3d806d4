"""The fixed APScheduler jobs that turn time into calls of handlers."""
