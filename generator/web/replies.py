"""What a request gets back besides a page: refusals in one Chinese sentence, form fields checked, downloads."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response

from .security import same
from .sniff import MAX_UPLOAD
from .words import shown_name

EXPIRED = "页面已过期，请刷新后重新提交。"
TOO_LARGE = "文件超过20MB，请检查是否选错了文件。"
BAD_LINK = "链接无效或已停用，请向县政府信息公开办公室索取新链接。"
BUG = "服务器处理出错，请稍后再试；如反复出现请联系县政府信息公开办公室。"
NOT_FOUND = "找不到这个页面，请检查地址是否完整。"
BAD_METHOD = "不能这样打开这个地址，请从页面上的链接或按钮进入。"
BAD_FORM = "提交的内容不完整，请刷新页面后重新提交。"
TOO_MANY = "尝试次数过多，请15分钟后再试。"
NOT_SAVED = (
    "服务器的磁盘已满或数据文件夹不能写入，刚才提交的内容没有保存；请告知县政府信息公开办公室，稍后再试。"
)
# What each status says when the request was refused by the framework itself (its own words are English).
SENTENCES = {400: BAD_FORM, 403: EXPIRED, 404: NOT_FOUND, 405: BAD_METHOD, 413: TOO_LARGE, 429: TOO_MANY}

TYPES = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
    ".zip": "application/zip",
}


class Refused(HTTPException):
    """A request refused with one Chinese sentence, shown on the error page with its status."""

    def __init__(self, status: int, sentence: str) -> None:
        super().__init__(status_code=status, detail=sentence)


async def read_form(request: Request) -> FormData:
    """The posted form: at most two files and a few fields (the body's size is limited before this)."""
    return await request.form(max_files=2, max_fields=20)


def check_csrf(form: FormData, expected: str | None) -> None:
    """The form's csrf field must be the page's token: a form from anywhere else is refused (403)."""
    sent = form.get("csrf")
    if expected is None or not isinstance(sent, str) or not same(sent, expected):
        raise Refused(403, EXPIRED)


def text_field(form: FormData, name: str) -> str:
    """A text field's value ('' when missing or a file)."""
    value = form.get(name)
    return value if isinstance(value, str) else ""


async def sent_file(form: FormData, field: str) -> tuple[str, bytes]:
    """The file sent in a field: (its name fit to show, its bytes); refused when none, empty or over 20 MB."""
    item = form.get(field)
    if not isinstance(item, UploadFile) or not (item.filename or item.size):
        raise Refused(400, "没有选择文件，请先点“浏览”或“选择文件”选好要上传的文件。")
    name = shown_name(item.filename)
    data = await item.read(MAX_UPLOAD + 1)
    await item.close()
    if len(data) > MAX_UPLOAD:
        raise Refused(413, TOO_LARGE)
    if not data:
        raise Refused(400, f"“{name}”是空文件，请检查是否选错了文件。")
    return name, data


def disposition(name: str) -> str:
    """Content-Disposition for a download: an ASCII name for old browsers, the real one in RFC 5987 filename*."""
    suffix = Path(name).suffix
    fallback = "gigen" + (suffix if suffix.isascii() and suffix.replace(".", "").isalnum() else "")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def _media_type(name: str) -> str:
    return TYPES.get(Path(name).suffix.lower(), "application/octet-stream")


def download(data: bytes, name: str) -> Response:
    """Bytes made for this request, downloaded as `name`."""
    return Response(data, media_type=_media_type(name), headers={"Content-Disposition": disposition(name)})


def download_file(path: Path, name: str) -> Response:
    """A stored file, downloaded as `name` (the server's own name for it never shows)."""
    return FileResponse(
        path, media_type=_media_type(name), headers={"Content-Disposition": disposition(name)}
    )
