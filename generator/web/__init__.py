"""gigen serve: the county office's web page, where each unit sends its workbook and gets its report back."""

from .app import create_app
from .server import serve

__all__ = ["create_app", "serve"]
