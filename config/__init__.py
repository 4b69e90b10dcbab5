"""Configuration: pydantic settings with embedded defaults (see config/settings.py)."""

from config.settings import ConfigError, Settings, get_settings, load_settings

__all__ = ["ConfigError", "Settings", "get_settings", "load_settings"]
