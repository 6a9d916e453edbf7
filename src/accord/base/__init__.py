"""The base layer: what every app needs (the clock, notices and the inbox, the audited admin, shared
validators, the CLI's helpers and the registries the apps fill in). It knows no domain app."""
