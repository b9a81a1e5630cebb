"""Process-wide access to the service for page modules (set once by create_app)."""

from __future__ import annotations

from data_sources.settings import Settings

from .services import Service

_service: Service | None = None
_settings: Settings | None = None


def configure(service: Service, settings: Settings) -> None:
    global _service, _settings
    _service, _settings = service, settings


def service() -> Service:
    if _service is None:
        raise RuntimeError("create_app() has not configured the service")
    return _service


def settings() -> Settings:
    if _settings is None:
        raise RuntimeError("create_app() has not configured the settings")
    return _settings
