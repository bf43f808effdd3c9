"""One module per group of shell commands; each exposes ``run(args) -> exit code`` functions."""
