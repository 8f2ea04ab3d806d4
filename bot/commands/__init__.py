"""The `ombud` command's sub-commands, one module per area."""
