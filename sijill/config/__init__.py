"""Settings: `site.toml` read into a typed object, and where the packaged defaults live."""
