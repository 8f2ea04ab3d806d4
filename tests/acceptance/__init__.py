"""A year in the life: one acceptance scenario over every transport, checked by an oracle."""
