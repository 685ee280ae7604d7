"""Page « Import / export »: proposal files in and out, results, templates."""
