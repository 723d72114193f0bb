"""The gigen command (and `python -m generator`): the command line, with Ctrl+C during start-up ending quietly."""

import sys


def main() -> None:
    try:
        from .cli import app  # the libraries load here, in about a quarter of a second
    except KeyboardInterrupt:
        sys.exit(130)
    app(prog_name="gigen")


if __name__ == "__main__":
    main()
