"""The one error type of ``nuit-server``'s commands (its own module, shared by every command module)."""


class CliError(Exception):
    """A failure reported as one line on stderr, exit code 1."""
