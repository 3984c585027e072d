"""graphkit's HTTP API (FastAPI): ``uvicorn api.main:create_app --factory``."""
