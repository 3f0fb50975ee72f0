"""Errors that reach a person: each carries one clear line, never a traceback."""


class ConfigError(Exception):
    """The configuration or the environment is wrong; the message says what to fix."""
