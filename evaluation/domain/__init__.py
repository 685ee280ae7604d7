"""The domain: proposals, options, governance, settings, workflow statuses and roles (no framework)."""
