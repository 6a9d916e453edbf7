"""Connectivity: the region's transport network, routes across it and what projects save."""
