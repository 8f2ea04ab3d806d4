"""Settings: schema, documented defaults and loading."""
