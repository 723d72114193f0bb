"""`python -m generator` runs the gigen command line."""

from .cli import app

app(prog_name="gigen")
