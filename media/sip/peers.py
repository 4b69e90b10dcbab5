"""Who may talk to the user agent: an allow-list of IP addresses and networks.

Why by source address: a hotel's phones reach the runtime through its PBX or its SIP
trunk, whose addresses are known; anything else sending INVITEs is a scanner or a toll
fraud attempt and gets 403 before any call state, audio or model is spent on it. The
registrar (mode ``register``) is allowed as well, by the address its name resolves to.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass


@dataclass(frozen=True)
class AllowList:
    networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]

    @classmethod
    def from_config(cls, telephony) -> AllowList:
        nets = [ipaddress.ip_network(x, strict=False) for x in telephony.allow_from]
        if telephony.mode == "register" and telephony.registrar:
            nets += [ipaddress.ip_network(a) for a in _resolve(telephony.registrar)]
        return cls(tuple(nets))

    def allows(self, source: str) -> bool:
        """``source`` as PJSIP gives it: ``ip:port``, ``[v6]:port`` or a bare address."""
        ip = host_of(source)
        try:
            addr = ipaddress.ip_address(ip)
        except ValueError:
            return False
        return any(addr in n for n in self.networks)


def host_of(source: str) -> str:
    s = source.strip()
    if s.startswith("["):
        return s[1 : s.index("]")] if "]" in s else s[1:]
    if s.count(":") == 1:
        return s.split(":", 1)[0]
    return s


def _resolve(uri: str) -> list[str]:
    """The addresses of a SIP URI's host (sip:pbx.example.com:5060;transport=tcp)."""
    host = uri.split(":", 1)[1] if uri.lower().startswith(("sip:", "sips:")) else uri
    host = host.split(";", 1)[0].split("@")[-1]
    host = host_of(host)
    try:
        return sorted({ai[4][0] for ai in socket.getaddrinfo(host, None)})
    except socket.gaierror:
        return []
