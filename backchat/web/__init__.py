"""The web side: the two blueprints and what wraps every request (CSRF, headers, hosts,
error pages, template filters)."""
