"""Forms shared by the pages: a widget per model field, what a field needs to be drawn, the drafts kept in the session and their validation."""
