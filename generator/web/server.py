"""`gigen serve`: the data folder made (its office password shown once), then the pages served by uvicorn.

The only module importing uvicorn. The server's own log (a bug's traceback) goes to standard error.
"""

from __future__ import annotations

import datetime as dt
import errno
import ipaddress
import socket
from pathlib import Path

import uvicorn

from ..errors import GigenError, UsageError
from ..present import say
from . import folder as disk
from .addresses import opened_at, url, wildcard
from .app import create_app
from .security import hash_password, new_password
from .store import FILES, Store
from .words import county_fault

DEFAULT_DATA = Path("gigen-data")
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
_BIND = {
    errno.EADDRINUSE: "端口已被其他程序占用，请换一个 --port",
    errno.EACCES: "没有权限使用这个端口（1024以下的端口需要管理员权限），请换一个 --port",
    errno.EADDRNOTAVAIL: "本机没有这个地址，请检查 --host",
}


def first_year() -> int:
    """The report year a new data folder starts with: last year's reports are written early this year."""
    return dt.date.today().year - 1


def serve(
    data: Path = DEFAULT_DATA,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    init: bool = False,
    *,
    reset_password: bool = False,
    name: str = "",
) -> None:
    """Make the data folder if needed (printing the office's password once), then serve it until Ctrl+C.

    init: only make the folder and print the password; reset_password: only set and print a new password;
    name: the county's name, set (for the downloads' file names) whichever of them is done.
    """
    fault = county_fault(name)
    if fault:
        raise UsageError(f"--name：{fault}。")
    if _prepare(data, init=init, reset_password=reset_password, name=name.strip()):
        return
    if not _loopback(host):
        say(
            f"注意：--host {host} 让本机以外的电脑也能打开报送网页；请只在单位内网使用，不要开放到互联网，"
            "并妥善保管办公室密码和各单位的链接。",
            err=True,
        )
    _refuse_busy(host, port)
    with disk.held(data):
        disk.sweep(data / FILES)  # no other server writes here: a half-written file is a killed server's
        _run(data, host, port)
    say("报送网页已停止。")


def _run(data: Path, host: str, port: int) -> None:
    """The pages served until Ctrl+C, after saying where to open them."""
    app = create_app(data)
    family = wildcard(host)
    if family is None:
        say(f"报送网页已启动：{url(host, port)} ，数据保存在 {data}。按 Ctrl+C 停止。")
    else:  # http://0.0.0.0:8000/ opens nowhere: the addresses that do
        say(f"报送网页已启动，数据保存在 {data}。")
        for line in opened_at(family, port):
            say(line)
        say("按 Ctrl+C 停止。")
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, server_header=False)


def _prepare(data: Path, *, init: bool, reset_password: bool, name: str) -> bool:
    """The data folder made, or its password reset, and the county's name set if given; True when that was all
    that was asked."""
    store = Store(data)
    try:
        made = store.initialised()
        if reset_password:
            if not made:
                raise GigenError(f"{data}：数据文件夹还没有初始化，请先运行 gigen serve --init。")
            _show(store, data, new=False)
        elif init and made:
            raise GigenError(
                f"{data}：数据文件夹已经初始化过，密码不再显示；忘记密码请运行 gigen serve --reset-password。"
            )
        elif not made:
            _show(store, data, new=True)
        if name:
            store.set_county(name)
            say(f"县名：{name}（下载的文件名和汇总表用这个县名，可在办公室页面修改）。")
        return init or reset_password
    finally:
        store.close()


def _show(store: Store, data: Path, *, new: bool) -> None:
    """A new office password stored (its hash) and printed, the only time it is shown."""
    password = new_password()
    if new:
        store.initialise(hash_password(password), first_year())
        say(f"已建立数据文件夹 {data}，报告年度为{store.year()}年度。")
    else:
        store.set_password_hash(hash_password(password))
    say(f"办公室登录密码：{password}")
    say("密码只显示这一次，请记下并妥善保管；忘记时运行 gigen serve --reset-password 重新设置。")


def _loopback(host: str) -> bool:
    """Whether only this machine can reach the address."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _refuse_busy(host: str, port: int) -> None:
    """One Chinese sentence, before the server starts, when the address cannot be listened on."""
    try:
        found = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as e:
        raise GigenError(f"--host {host}：找不到这个地址，请检查拼写（如 127.0.0.1 或 0.0.0.0）。") from e
    family, kind, proto, _name, address = found[0]
    try:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as e:
        why = _BIND.get(e.errno or 0, f"系统错误代码{e.errno}")
        raise GigenError(f"无法在 {host}:{port} 上启动报送网页：{why}。") from e
