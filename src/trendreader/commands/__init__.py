"""CLI subcommands; each module has ``register(subparsers)`` and handlers taking the args."""
