"""The domain core: types, neutral chat messages, ports, errors, i18n and the clock."""
