"""One router per resource; ``graphkit.api.main.ROUTERS`` lists the modules to include."""
