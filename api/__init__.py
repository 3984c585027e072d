"""graphkit's HTTP API (FastAPI): ``uvicorn graphkit.api.main:create_app --factory``."""
