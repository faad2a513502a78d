"""ONVIF for simulated plate cameras: a small Device service and the Events service.

Enough for a PullPoint client: GetSystemDateAndTime, GetServices and
GetCapabilities name the Events service; CreatePullPointSubscription gives
a subscription address; PullMessages waits for reads (up to the asked
timeout), Renew and Unsubscribe manage it. Subscriptions live in memory, so
a restarted simulator knows none of them, like a restarted camera.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import re
import secrets
from collections import deque
from dataclasses import dataclass, field

from lxml import etree

from app.sim import onvif_xml as x
from app.sim.onvif import SoapFaultError, check_username_token

logger = logging.getLogger("app.sim")

NS_EV = "http://www.onvif.org/ver10/events/wsdl"
NS_WSNT = "http://docs.oasis-open.org/wsn/b-2"
NS_WSA = "http://www.w3.org/2005/08/addressing"
_EV_DECL = f'xmlns:tev="{NS_EV}" xmlns:wsnt="{NS_WSNT}" xmlns:wsa="{NS_WSA}"'
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
MAX_QUEUED = 10000
MAX_SUBSCRIPTIONS = 16
_DURATION = re.compile(r"^PT(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$")


def _utc(at: dt.datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


def duration_s(text: str, default: float) -> float:
    """Seconds of an xs:duration like ``PT60S`` or ``PT1M`` (``default`` otherwise)."""
    match = _DURATION.match(text.strip())
    if not match:
        return default
    minutes, seconds = match.groups()
    return int(minutes or 0) * 60 + float(seconds or 0)


@dataclass
class Subscription:
    """One PullPoint: its queued messages and when it expires."""

    expires: dt.datetime
    queue: deque[str] = field(default_factory=lambda: deque(maxlen=MAX_QUEUED))
    wake: asyncio.Event = field(default_factory=asyncio.Event)


class PlateEvents:
    """The Device and Events answers of one plate camera."""

    def __init__(self, username: str, password: str) -> None:
        self.username = username
        self.password = password
        self.subscriptions: dict[str, Subscription] = {}

    def publish(self, message: str) -> None:
        """Queue a ``tt:Message`` for every live subscription."""
        now = dt.datetime.now(dt.UTC)
        for sub_id, sub in list(self.subscriptions.items()):
            if sub.expires < now:
                del self.subscriptions[sub_id]
                continue
            sub.queue.append(message)
            sub.wake.set()

    async def answer(self, body: bytes, base: str, path: str) -> tuple[int, str]:
        """HTTP status and SOAP envelope for one request."""
        try:
            return 200, x.envelope(await self._answer(body, base, path))
        except SoapFaultError as f:
            return f.status, x.fault("s:Sender", f.subcode, f.reason)

    async def _answer(self, body: bytes, base: str, path: str) -> str:
        try:
            root = etree.fromstring(body, _PARSER)
        except etree.XMLSyntaxError as exc:
            raise SoapFaultError(400, "ter:WellFormed", "request is not well-formed XML") from exc
        op = root.find(f"{{{x.NS['s']}}}Body/*")
        if op is None:
            raise SoapFaultError(400, "ter:InvalidArgs", "no SOAP 1.2 body")
        name = etree.QName(op).localname
        if name == "GetSystemDateAndTime":
            return x.date_and_time(dt.datetime.now(dt.UTC))
        header = root.find(f"{{{x.NS['s']}}}Header")
        if not check_username_token(header, self.username, self.password):
            raise SoapFaultError(400, "ter:NotAuthorized", "Sender not authorized")
        return await self._operation(name, op, base, path)

    async def _operation(self, name: str, op: etree._Element, base: str, path: str) -> str:
        simple = {
            "GetServices": lambda: _services(base),
            "GetCapabilities": lambda: _capabilities(base),
            "CreatePullPointSubscription": lambda: self._subscribe(op, base),
            "GetEventProperties": lambda: f"<tev:GetEventPropertiesResponse {_EV_DECL}/>",
        }
        if name in simple:
            return simple[name]()
        return await self._on_subscription(name, op, path)

    async def _on_subscription(self, name: str, op: etree._Element, path: str) -> str:
        sub_id = path.rsplit("/", 1)[-1]
        sub = self.subscriptions.get(sub_id)
        if sub is None:
            raise SoapFaultError(400, "ter:InvalidArgs", "unknown subscription")
        if name == "PullMessages":
            return await self._pull(sub, op)
        if name == "Renew":
            return self._renew(sub, op)
        if name == "Unsubscribe":
            del self.subscriptions[sub_id]
            return f'<wsnt:UnsubscribeResponse xmlns:wsnt="{NS_WSNT}"/>'
        if name == "SetSynchronizationPoint":
            return f"<tev:SetSynchronizationPointResponse {_EV_DECL}/>"
        raise SoapFaultError(400, "ter:ActionNotSupported", f"{name} is not supported")

    def _subscribe(self, op: etree._Element, base: str) -> str:
        if len(self.subscriptions) >= MAX_SUBSCRIPTIONS:
            oldest = min(self.subscriptions, key=lambda k: self.subscriptions[k].expires)
            del self.subscriptions[oldest]
        now = dt.datetime.now(dt.UTC)
        seconds = duration_s(_text(op, "InitialTerminationTime"), 60.0)
        sub_id = secrets.token_hex(8)
        self.subscriptions[sub_id] = Subscription(now + dt.timedelta(seconds=seconds))
        address = f"{base}/onvif/pullpoint/{sub_id}"
        return (
            f"<tev:CreatePullPointSubscriptionResponse {_EV_DECL}>"
            f"<tev:SubscriptionReference><wsa:Address>{address}</wsa:Address>"
            "</tev:SubscriptionReference>"
            f"<wsnt:CurrentTime>{_utc(now)}</wsnt:CurrentTime>"
            f"<wsnt:TerminationTime>{_utc(self.subscriptions[sub_id].expires)}</wsnt:TerminationTime>"
            "</tev:CreatePullPointSubscriptionResponse>"
        )

    async def _pull(self, sub: Subscription, op: etree._Element) -> str:
        wait = min(60.0, duration_s(_text(op, "Timeout"), 5.0))
        limit = max(1, min(1000, int(_text(op, "MessageLimit") or "100")))
        if not sub.queue:
            sub.wake.clear()
            with contextlib.suppress(TimeoutError):  # an empty answer after the wait
                await asyncio.wait_for(sub.wake.wait(), wait)
        messages = [sub.queue.popleft() for _ in range(min(limit, len(sub.queue)))]
        topic = (
            '<wsnt:Topic Dialect="http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet" '
            'xmlns:tns1="http://www.onvif.org/ver10/topics">'
            "tns1:RuleEngine/Recognition/LicensePlate</wsnt:Topic>"
        )
        notes = "".join(
            f"<wsnt:NotificationMessage>{topic}<wsnt:Message>{m}</wsnt:Message>"
            "</wsnt:NotificationMessage>"
            for m in messages
        )
        now = dt.datetime.now(dt.UTC)
        return (
            f"<tev:PullMessagesResponse {_EV_DECL}>"
            f"<tev:CurrentTime>{_utc(now)}</tev:CurrentTime>"
            f"<tev:TerminationTime>{_utc(sub.expires)}</tev:TerminationTime>"
            f"{notes}</tev:PullMessagesResponse>"
        )

    def _renew(self, sub: Subscription, op: etree._Element) -> str:
        now = dt.datetime.now(dt.UTC)
        text = _text(op, "TerminationTime")
        try:
            sub.expires = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            sub.expires = now + dt.timedelta(seconds=duration_s(text, 60.0))
        return (
            f'<wsnt:RenewResponse xmlns:wsnt="{NS_WSNT}">'
            f"<wsnt:TerminationTime>{_utc(sub.expires)}</wsnt:TerminationTime>"
            f"<wsnt:CurrentTime>{_utc(now)}</wsnt:CurrentTime></wsnt:RenewResponse>"
        )


def _text(op: etree._Element, name: str) -> str:
    found = next((c for c in op.iter() if etree.QName(c).localname == name), None)
    return str(found.text or "").strip() if found is not None else ""


def _services(base: str) -> str:
    items = "".join(
        f"<tds:Service><tds:Namespace>{ns}</tds:Namespace><tds:XAddr>{base}/onvif/{path}"
        "</tds:XAddr><tds:Version><tt:Major>2</tt:Major><tt:Minor>60</tt:Minor></tds:Version>"
        "</tds:Service>"
        for ns, path in ((x.NS["tds"], "device_service"), (NS_EV, "events_service"))
    )
    return f"<tds:GetServicesResponse>{items}</tds:GetServicesResponse>"


def _capabilities(base: str) -> str:
    return (
        "<tds:GetCapabilitiesResponse><tds:Capabilities>"
        f"<tt:Device><tt:XAddr>{base}/onvif/device_service</tt:XAddr></tt:Device>"
        f"<tt:Events><tt:XAddr>{base}/onvif/events_service</tt:XAddr>"
        "<tt:WSSubscriptionPolicySupport>false</tt:WSSubscriptionPolicySupport>"
        "<tt:WSPullPointSupport>true</tt:WSPullPointSupport>"
        "<tt:WSPausableSubscriptionManagerInterfaceSupport>false"
        "</tt:WSPausableSubscriptionManagerInterfaceSupport></tt:Events>"
        "</tds:Capabilities></tds:GetCapabilitiesResponse>"
    )
