"""Where the page can be opened from: the addresses `gigen serve` prints when it listens on every address.

http://0.0.0.0:8000/ opens nowhere; the clerks need this machine's own intranet addresses, and nothing new is
installed to find them: the addresses the machine's name resolves to, and the one its route to a private network
leaves from (a UDP socket "connected" there: connecting a UDP socket sends nothing, it only chooses the route).
"""

from __future__ import annotations

import ipaddress
import socket
from contextlib import suppress

# A private address of each family to route towards: never sent anything, and it need not exist.
_PROBE = {socket.AF_INET: "10.255.255.255", socket.AF_INET6: "fd00::1"}
_LOOPBACK = {socket.AF_INET: "127.0.0.1", socket.AF_INET6: "::1"}


def wildcard(host: str) -> socket.AddressFamily | None:
    """The family whose every address the host stands for (0.0.0.0: IPv4, ::: IPv6), or None for one address."""
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None
    if not address.is_unspecified:
        return None
    return socket.AF_INET if address.version == 4 else socket.AF_INET6


def intranet(family: socket.AddressFamily) -> list[str]:
    """This machine's addresses of the family that other computers can reach it at: the route's first, then those
    its name resolves to; no loopback, link-local or multicast address, none twice."""
    found = [_routed(family)]
    with suppress(
        OSError, UnicodeError
    ):  # a name that resolves to nothing: the route's address is still there
        found += [str(info[4][0]) for info in socket.getaddrinfo(socket.gethostname(), None, family)]
    return [address for address in dict.fromkeys(found) if _reachable(address)]


def _routed(family: socket.AddressFamily) -> str:
    """The address this machine's route to a private network leaves from ('' when there is no such route)."""
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as probe:
            probe.connect((_PROBE[family], 9))
            return str(probe.getsockname()[0])
    except OSError:
        return ""


def _reachable(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.split("%")[0])  # fe80::1%eth0: a link-local scope
    except ValueError:
        return False
    return not (ip.is_loopback or ip.is_link_local or ip.is_unspecified or ip.is_multicast)


def url(address: str, port: int) -> str:
    """http://ADDRESS:PORT/, an IPv6 address in brackets."""
    shown = f"[{address.strip('[]')}]" if ":" in address else address
    return f"http://{shown}:{port}/"


def opened_at(family: socket.AddressFamily, port: int) -> list[str]:
    """Where to open a page listening on every address of the family (0.0.0.0, ::): each intranet address of
    this machine, one a line, then the loopback for this machine itself."""
    found = intranet(family)
    if found:
        lines = ["内网的电脑用以下地址打开（办公室也请用它打开，发给各单位的链接才能在其他电脑上打开）："]
        lines += [f"  {url(address, port)}" for address in found]
    else:
        lines = [
            "没有找到本机的内网地址：请查看本机的IP地址（Windows 运行 ipconfig，Linux 运行 ip addr），"
            f"内网的电脑用 http://本机IP:{port}/ 打开。"
        ]
    return [*lines, f"本机：{url(_LOOPBACK[family], port)}"]
