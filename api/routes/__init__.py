"""One router per resource; ``api.main.ROUTERS`` lists the modules to include."""
