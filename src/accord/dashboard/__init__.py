"""Pages and sweeps that span the domain apps: the chair's dashboard, the inbox, the reminder sweep. They
take each app's contribution from accord.base.registry, never by naming an app."""
