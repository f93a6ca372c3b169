"""The verbs: build (the site transaction), serve, check, explain."""
