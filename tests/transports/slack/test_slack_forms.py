"""Report forms in Slack: mistakes answered inline (response_action errors) so nothing typed
is lost, a trigger that expired falls back to the chat question, and Block Kit's limits."""

from __future__ import annotations

import json

from bot.core.messages import (
    ChoiceSelected,
    FieldKind,
    Form,
    FormErrors,
    FormField,
    FormSubmitted,
    OpenForm,
    OutgoingMessage,
    Reply,
)
from bot.transports.slack_blocks import modal_view
from tests.transports.slack.conftest import FakeTime, RecordingHandler
from tests.transports.slack.fake_slack import FakeSlack
from tests.transports.slack.signed import SlackRequests

FORM = Form(
    token="f:9",
    title="Din rapport",
    submit_label="Spara",
    fields=(
        FormField("blocker", "Vad hindrade?", FieldKind.MULTILINE),
        FormField(
            "needs_help", "Ska styrelsen kontakta dig?", FieldKind.CHOICE, choices=(("yes", "Ja"),)
        ),
        FormField("new_date", "Nytt datum", FieldKind.DATE),
    ),
)
VALUES = {
    "blocker": {"type": "plain_text_input", "value": "Ingen lokal"},
    "new_date": {"type": "datepicker", "selected_date": "2020-01-01"},
}


async def test_a_form_with_mistakes_stays_open_with_an_error_under_the_field(
    slack: SlackRequests, handler: RecordingHandler, fake_slack: FakeSlack
) -> None:
    handler.script = lambda _event: [FormErrors({"new_date": "Det datumet har redan varit."})]
    answer = await slack.interaction(slack.view_submission("f:9", VALUES))
    assert answer.status == 200
    # Slack keeps the modal, and what was typed in it, when the acknowledgement says so.
    assert json.loads(answer.body) == {
        "response_action": "errors",
        "errors": {"new_date": "Det datumet har redan varit."},
    }
    [event] = handler.events
    assert isinstance(event, FormSubmitted)
    assert event.values == {"blocker": "Ingen lokal", "new_date": "2020-01-01"}
    assert not fake_slack.calls_to("chat.postMessage")
    assert not fake_slack.calls_to("chat.postEphemeral")


async def test_a_good_form_closes_and_the_thanks_follow(
    slack: SlackRequests, handler: RecordingHandler, fake_slack: FakeSlack
) -> None:
    handler.script = lambda _event: [Reply(OutgoingMessage("Tack! Din rapport är sparad."))]
    answer = await slack.interaction(slack.view_submission("f:9", VALUES))
    assert (answer.status, answer.body) == (200, "")
    [thanks] = await fake_slack.wait_for("chat.postMessage")
    assert thanks.args["channel"] == "DU1"


async def test_needs_help_is_a_choice_not_free_text() -> None:
    view = modal_view(FORM, {"needs_help": "yes"})
    [radio] = [b["element"] for b in view["blocks"] if b["block_id"] == "needs_help"]
    assert radio["type"] == "radio_buttons"
    assert [o["value"] for o in radio["options"]] == ["yes"]
    assert radio["initial_option"]["value"] == "yes"


async def test_a_trigger_that_expired_gives_the_chat_question_instead(
    slack: SlackRequests, handler: RecordingHandler, fake_slack: FakeSlack, fake_time: FakeTime
) -> None:
    fake_slack.rules.monotonic = fake_time.monotonic
    question = OutgoingMessage("Vad hindrade? Skriv några ord, eller skriv hoppa över.")
    handler.script = lambda _event: [OpenForm(FORM, fallback=question)]
    tap = slack.block_action("c:1:n")
    fake_slack.rules.issue_trigger(tap["trigger_id"])
    fake_time.now += 3.5  # the tap reached Ombud after its trigger's three seconds
    await slack.interaction(tap)
    [asked] = await fake_slack.wait_for("chat.postMessage")
    assert asked.args["blocks"][0]["text"]["text"].startswith("Vad hindrade?")
    assert fake_slack.rules.refused == [("views.open", "expired_trigger_id")]


async def test_a_trigger_opens_one_form_only(
    slack: SlackRequests, handler: RecordingHandler, fake_slack: FakeSlack, fake_time: FakeTime
) -> None:
    fake_slack.rules.monotonic = fake_time.monotonic
    handler.script = lambda event: [OpenForm(FORM)] if isinstance(event, ChoiceSelected) else []
    tap = slack.block_action("c:1:n")
    fake_slack.rules.issue_trigger(tap["trigger_id"])
    await slack.interaction(tap)
    await fake_slack.wait_for("views.open")
    again = {**tap, "actions": [{**tap["actions"][0], "action_ts": "1741000999.000100"}]}
    await slack.interaction(again)
    await fake_slack.wait_for("views.open", count=2)
    assert fake_slack.rules.refused == [("views.open", "exchanged_trigger_id")]


async def test_a_form_never_has_more_blocks_than_a_modal_holds() -> None:
    many = tuple(FormField(f"f{i}", f"Fält {i}", FieldKind.TEXT) for i in range(130))
    view = modal_view(Form("f:1", "Rapport", "Spara", many))
    assert len(view["blocks"]) == 100
