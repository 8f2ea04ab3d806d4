"""The shared effect executor: order, the one acknowledgement, form fallbacks, failures."""

from __future__ import annotations

import logging
from collections.abc import Mapping

import pytest

from bot.core.errors import DeliveryError
from bot.core.messages import (
    Button,
    ChatAddress,
    EditMessage,
    Effect,
    FieldKind,
    Form,
    FormErrors,
    FormField,
    MessageRef,
    OpenForm,
    OutgoingMessage,
    Reply,
    Section,
    SendTo,
    Toast,
)
from bot.core.model import DeliveryFailure, Platform
from bot.transports.effects import carry_out, no_forms, shown_texts

ROOM = "room-7"
REF = MessageRef(Platform.CONSOLE, ROOM, "41")
ELSEWHERE = ChatAddress(Platform.CONSOLE, "board-2")
FORM = Form("f:1", "Rapport", "Skicka", (FormField("n", "Antal", FieldKind.NUMBER),))
QUESTION = OutgoingMessage("Hur många kom?")
SECRET = "Anna kom inte, hon var sjuk"


class RecordingClient:
    """A client that writes down each call; calls named in `failing` raise instead."""

    name = "test"
    where = ROOM

    def __init__(self, *, forms: bool = True, failing: Mapping[str, DeliveryError] = {}) -> None:
        self.calls: list[tuple[str, object]] = []
        self._forms = forms
        self._failing = dict(failing)

    def _record(self, kind: str, payload: object) -> None:
        if kind in self._failing:
            raise self._failing[kind]
        self.calls.append((kind, payload))

    async def reply(self, message: OutgoingMessage, *, ephemeral: bool) -> None:
        self._record("reply", (message.text, ephemeral))

    async def send(self, to: ChatAddress, message: OutgoingMessage) -> None:
        self._record("send", (to.chat_id, message.text))

    async def edit(self, ref: MessageRef, message: OutgoingMessage) -> None:
        self._record("edit", (ref.message_id, message.text))

    async def acknowledge(self, toast: str | None) -> None:
        self._record("ack", toast)

    async def open_form(self, form: Form, prefill: Mapping[str, str]) -> None:
        if not self._forms:
            raise no_forms()
        self._record("form", form.token)


async def test_form_first_then_one_acknowledgement_then_the_rest_in_order() -> None:
    client = RecordingClient()
    effects: list[Effect] = [
        EditMessage(REF, OutgoingMessage("Ditt svar: Ja")),
        Toast("Sparat"),
        SendTo(ELSEWHERE, OutgoingMessage("Till styrelsen")),
        OpenForm(FORM, fallback=QUESTION),
        Toast("En gång till"),
        Reply(OutgoingMessage("Tack"), ephemeral=True),
    ]
    await carry_out(effects, client)
    assert client.calls == [
        ("form", "f:1"),
        ("ack", "Sparat"),  # the first toast only: a tap is acknowledged once
        ("edit", ("41", "Ditt svar: Ja")),
        ("send", ("board-2", "Till styrelsen")),
        ("reply", ("Tack", True)),
    ]


async def test_an_event_without_effects_is_still_acknowledged_once() -> None:
    client = RecordingClient()
    await carry_out([], client)
    assert client.calls == [("ack", None)]


async def test_a_form_that_cannot_open_asks_the_chat_question_instead(
    caplog: pytest.LogCaptureFixture,
) -> None:
    expired = DeliveryError(DeliveryFailure.PERMANENT, "expired_trigger_id")
    client = RecordingClient(failing={"form": expired})
    with caplog.at_level(logging.WARNING):
        await carry_out([Toast("Sparat"), OpenForm(FORM, fallback=QUESTION)], client)
    assert client.calls == [("reply", ("Hur många kom?", False)), ("ack", "Sparat")]
    assert "expired_trigger_id" in caplog.text


async def test_a_platform_without_forms_asks_in_the_chat_without_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = RecordingClient(forms=False)
    with caplog.at_level(logging.WARNING):
        await carry_out([OpenForm(FORM, fallback=QUESTION), OpenForm(FORM)], client)
    assert client.calls == [("reply", ("Hur många kom?", False)), ("ack", None)]
    assert caplog.records == []


async def test_a_failed_delivery_is_logged_by_id_and_the_rest_still_run(
    caplog: pytest.LogCaptureFixture,
) -> None:
    blocked = DeliveryError(DeliveryFailure.UNREACHABLE, "blocked")
    client = RecordingClient(failing={"edit": blocked, "ack": blocked})
    effects: list[Effect] = [
        Toast("Sparat"),
        EditMessage(REF, OutgoingMessage(SECRET)),
        Reply(OutgoingMessage("Tack")),
    ]
    with caplog.at_level(logging.WARNING):
        await carry_out(effects, client)
    assert client.calls == [("reply", ("Tack", False))]
    failures = [r.getMessage() for r in caplog.records]
    assert len(failures) == 2
    assert all("code=blocked" in line and f"chat={ROOM}" in line for line in failures)
    assert SECRET not in caplog.text
    assert "Sparat" not in caplog.text


async def test_form_errors_outside_a_submission_send_nothing(
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = RecordingClient()
    with caplog.at_level(logging.WARNING):
        await carry_out([FormErrors({"n": "Skriv ett heltal"})], client)
    assert client.calls == [("ack", None)]
    assert "Skriv ett heltal" not in caplog.text
    assert "form errors outside a submission" in caplog.text


def test_shown_texts_are_what_the_messages_say_line_by_line_never_a_toast_or_a_button() -> None:
    gathered = OutgoingMessage(
        "1 punkt väntar.\nAnvänd knapparna.",
        title="Dags att rapportera",
        context="vecka 10",
        sections=(Section("1. Träffar", ("Senare: jag frågar igen tisdag.",)),),
        buttons=(Button("Ja", "c:1:y"),),
    )
    effects: list[Effect] = [
        Toast("Registrerat: Ja"),
        EditMessage(REF, gathered),
        SendTo(ELSEWHERE, OutgoingMessage("  Till styrelsen  ")),
        OpenForm(FORM, {}, None),
    ]
    assert shown_texts(effects) == {
        "1 punkt väntar.\nAnvänd knapparna.",
        "1 punkt väntar.",
        "Använd knapparna.",
        "Dags att rapportera",
        "vecka 10",
        "1. Träffar",
        "Senare: jag frågar igen tisdag.",
        "Till styrelsen",
    }
