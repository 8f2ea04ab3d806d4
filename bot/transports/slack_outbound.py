"""Slack Web API calls Ombud makes, each paced in its own lane and mapped to DeliveryError."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import aiohttp
from slack_sdk.errors import SlackClientError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from bot.core.errors import DeliveryError
from bot.core.messages import ChatAddress, MessageRef, OutgoingMessage
from bot.core.model import DeliveryFailure, Platform
from bot.transports.slack_blocks import fallback_text, message_block_pages, message_blocks
from bot.transports.slack_limits import (
    TRIGGER_SECONDS,
    SlackPacer,
    delivery_error,
    response_error,
)

log = logging.getLogger(__name__)

_CACHE_LIMIT = 10_000
# Longer than this for a DM slot and the send is postponed (RATE_LIMITED) instead of waited
# for, so one pass never blocks on conversations.open's tier; the dispatcher retries later.
MAX_DM_WAIT = 5.0
_FAILURES = (SlackClientError, aiohttp.ClientError, TimeoutError)

Call = Callable[[], Awaitable[AsyncSlackResponse]]


def is_conversation_id(chat_id: str, user_id: str | None) -> bool:
    """A stored channel id (D…, C…, G…) rather than the user id standing in for one."""
    return bool(chat_id) and chat_id != user_id and chat_id[:1] in {"D", "C", "G"}


class SlackOutbound:
    """Sends, edits, forms and look-ups; the transport's outbound half."""

    def __init__(self, client: AsyncWebClient, pacer: SlackPacer, team: Callable[[], str]):
        self.client = client
        self.pacer = pacer
        self._team = team
        self._dm_channels: dict[str, str] = {}

    # --- messages ------------------------------------------------------------

    async def send(self, to: ChatAddress, message: OutgoingMessage) -> MessageRef:
        """Post `message`; one too long for 50 blocks goes as several messages in order."""
        direct = to.user_id is not None
        channel = to.chat_id
        if to.user_id and not is_conversation_id(to.chat_id, to.user_id):
            channel = await self.dm_channel(to.user_id)
        pages = message_block_pages(message)
        first = await self.post(channel, message, pages[0], direct)
        for page in pages[1:]:
            await self.post(channel, message, page, direct)
        return first

    async def post(
        self,
        channel: str,
        message: OutgoingMessage,
        blocks: list[dict[str, Any]] | None = None,
        direct: bool = True,
    ) -> MessageRef:
        page = message_blocks(message) if blocks is None else blocks
        text = fallback_text(message)
        response = await self.call(
            "chat.postMessage",
            lambda: self.client.chat_postMessage(channel=channel, text=text, blocks=page),
            channel=channel,
            direct_message=direct,
        )
        posted_in = str(response.get("channel") or channel)
        return MessageRef(Platform.SLACK, posted_in, str(response.get("ts", "")), self._team())

    async def edit(self, ref: MessageRef, message: OutgoingMessage) -> None:
        await self.call(
            "chat.update",
            lambda: self.client.chat_update(
                channel=ref.chat_id,
                ts=ref.message_id,
                text=fallback_text(message),
                blocks=message_blocks(message),
            ),
            channel=ref.chat_id,
        )

    async def post_ephemeral(self, channel: str, user_id: str, message: OutgoingMessage) -> None:
        blocks, text = message_blocks(message), fallback_text(message)
        await self.call(
            "chat.postEphemeral",
            lambda: self.client.chat_postEphemeral(
                channel=channel, user=user_id, text=text, blocks=blocks
            ),
            channel=channel,
        )

    async def send_file(
        self, to: ChatAddress, data: bytes, filename: str, caption: str
    ) -> MessageRef:
        direct = to.user_id is not None
        channel = to.chat_id
        if to.user_id and not is_conversation_id(to.chat_id, to.user_id):
            channel = await self.dm_channel(to.user_id)
        comment = fallback_text(OutgoingMessage(text=caption)) if caption.strip() else None
        response = await self.call(
            "files.upload",
            lambda: self.client.files_upload_v2(
                channel=channel, content=data, filename=filename, initial_comment=comment
            ),
            channel=channel,
            direct_message=direct,
        )
        file_info = response.get("file") or {}
        file_id = str(file_info.get("id", "")) if isinstance(file_info, Mapping) else ""
        return MessageRef(Platform.SLACK, channel, file_id, self._team())

    # --- views -----------------------------------------------------------------

    async def open_view(self, trigger_id: str, view: dict[str, Any]) -> None:
        """views.open in its own lane: it never waits behind posts, and gives up rather than
        spend a trigger that will have expired by the time its slot comes."""
        if self.pacer.delay("views.open") >= TRIGGER_SECONDS:
            raise DeliveryError(DeliveryFailure.RATE_LIMITED, "trigger_would_expire")
        await self.call(
            "views.open", lambda: self.client.views_open(trigger_id=trigger_id, view=view)
        )

    async def publish_home(self, user_id: str, view: dict[str, Any]) -> None:
        await self.call(
            "views.publish", lambda: self.client.views_publish(user_id=user_id, view=view)
        )

    # --- conversations and people ------------------------------------------------

    async def dm_channel(self, user_id: str) -> str:
        """The DM channel with `user_id`: opened once, then remembered."""
        cached = self._dm_channels.get(user_id)
        if cached:
            return cached
        wait = self.pacer.delay("conversations.open")
        if wait > MAX_DM_WAIT:
            raise DeliveryError(DeliveryFailure.RATE_LIMITED, "dm_paced", wait)
        response = await self.call(
            "conversations.open", lambda: self.client.conversations_open(users=user_id)
        )
        channel = response.get("channel") or {}
        channel_id = str(channel.get("id", "")) if isinstance(channel, Mapping) else ""
        if not channel_id:
            raise DeliveryError(DeliveryFailure.TRANSIENT, "no_channel")
        if len(self._dm_channels) > _CACHE_LIMIT:
            self._dm_channels.clear()
        self._dm_channels[user_id] = channel_id
        return channel_id

    def remember_dm(self, user_id: str, channel_id: str) -> None:
        """A DM channel id learned from Slack (an event in it), so no call is needed."""
        if channel_id.startswith("D") and len(self._dm_channels) <= _CACHE_LIMIT:
            self._dm_channels[user_id] = channel_id

    async def is_member(self, channel: str) -> bool | None:
        """Whether the bot is in `channel` (conversations.info); None when Slack cannot say."""
        try:
            response = await self.call(
                "conversations.info", lambda: self.client.conversations_info(channel=channel)
            )
        except DeliveryError as exc:
            if exc.code in {"channel_not_found", "not_in_channel"}:
                return False
            log.warning("slack conversations.info failed channel=%s code=%s", channel, exc.code)
            return None
        info = response.get("channel") or {}
        if not isinstance(info, Mapping) or "is_member" not in info:
            return None
        return bool(info["is_member"])

    async def lookup_user_by_email(self, email: str) -> str | None:
        """The Slack user id for an email address, or None when Slack knows no such user."""
        try:
            response = await self.call(
                "users.lookupByEmail", lambda: self.client.users_lookupByEmail(email=email)
            )
        except DeliveryError as exc:
            if exc.code == "users_not_found":
                return None
            raise
        user = response.get("user") or {}
        return str(user["id"]) if isinstance(user, Mapping) and user.get("id") else None

    async def auth_test(self) -> str:
        """The team id of the bot token's workspace (auth.test)."""
        try:
            response = await self.client.auth_test()
        except _FAILURES as exc:
            raise delivery_error(exc, direct_message=False) from None
        return str(response.get("team_id") or "")

    # --- pacing ------------------------------------------------------------------

    async def call(
        self, method: str, call: Call, *, channel: str | None = None, direct_message: bool = False
    ) -> AsyncSlackResponse:
        """One paced attempt; a 429 holds `method`'s lane for as long as Slack asks."""
        if channel is not None:
            await self.pacer.wait(channel)
        else:
            await self.pacer.wait_method(method)
        try:
            return await call()
        except _FAILURES as exc:
            error = delivery_error(exc, direct_message)
            if error.failure is DeliveryFailure.RATE_LIMITED:
                self.pacer.hold(error.retry_after or 1.0, method)
            elif error.code == "not_in_channel":
                # A board channel Ombud was removed from: nothing reaches it until re-invited.
                log.warning(
                    "slack %s refused: not in channel channel=%s; invite the app again",
                    method,
                    channel or "-",
                )
            raise error from None


__all__ = ["SlackOutbound", "is_conversation_id", "response_error"]
