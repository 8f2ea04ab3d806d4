"""Slack posts of two workers on one workspace budget shared through a ledger (virtual clock)."""

from __future__ import annotations

import itertools

from bot.transports.shared_budget import SharedBudget
from bot.transports.slack_limits import (
    HINT_METHODS,
    METHOD_TIERS,
    SlackPacer,
    shared_slack_pacer,
    workspace_key,
)
from tests.fakes.budget import FakeBudgetLedger
from tests.transports.telegram.virtual_time import VirtualTime

PER_MINUTE = 300  # five a second in all


def worker(ledger: FakeBudgetLedger, time: VirtualTime) -> SlackPacer:
    posts = SharedBudget(
        ledger, "slack:T1:posts", PER_MINUTE / 60, monotonic=time.monotonic, sleep=time.sleep
    )
    return SlackPacer(
        workspace_per_minute=PER_MINUTE,
        monotonic=time.monotonic,
        sleep=time.sleep,
        shared_posts=posts,
    )


def most_within(instants: list[float], window: float = 1.0) -> int:
    """The most calls that fall in any span of `window` seconds."""
    ordered = sorted(instants)
    return max(
        sum(1 for t in ordered[i:] if t < start + window - 1e-9) for i, start in enumerate(ordered)
    )


async def test_two_workers_post_within_one_workspace_budget() -> None:
    time = VirtualTime()
    ledger = FakeBudgetLedger(time.monotonic)
    posted: list[float] = []

    async def post(pacer: SlackPacer, channel: str) -> None:
        await pacer.wait(channel)
        posted.append(time.now)

    first, second = worker(ledger, time), worker(ledger, time)
    await time.run(
        *[post(first, f"D1{n:03d}") for n in range(15)],
        *[post(second, f"D2{n:03d}") for n in range(15)],
    )
    assert len(posted) == 30
    assert most_within(posted) <= 5


async def test_one_channel_still_waits_a_second_between_posts() -> None:
    time = VirtualTime()
    pacer = worker(FakeBudgetLedger(time.monotonic), time)
    posted: list[float] = []

    async def post() -> None:
        await pacer.wait("C1")
        posted.append(time.now)

    await time.run(post(), post(), post())
    assert all(b - a >= 1.0 - 1e-9 for a, b in itertools.pairwise(sorted(posted)))


async def test_a_429_on_posts_holds_the_other_worker_too() -> None:
    time = VirtualTime()
    ledger = FakeBudgetLedger(time.monotonic)
    first, second = worker(ledger, time), worker(ledger, time)
    await time.run(first.wait("C1"))
    held_at = time.now
    first.hold(30.0, "chat.postMessage")
    await time.run(first.close())
    posted: list[float] = []

    async def post() -> None:
        await second.wait("C2")
        posted.append(time.now)

    await time.run(post())
    assert posted[0] >= held_at + 30.0 - 1e-9


def test_the_workspace_key_never_holds_the_token() -> None:
    assert workspace_key("T123", "xoxb-secret") == "slack:T123:posts"
    digest = workspace_key(None, "xoxb-secret")
    assert "secret" not in digest
    assert len(digest) <= 64


TIER = 50  # conversations.open: Tier 3, fifty a minute per workspace


def tiered_worker(ledger: FakeBudgetLedger, time: VirtualTime) -> SlackPacer:
    opens = SharedBudget(
        ledger,
        "slack:T1:conversations.open",
        TIER / 60,
        monotonic=time.monotonic,
        sleep=time.sleep,
    )
    return SlackPacer(
        monotonic=time.monotonic,
        sleep=time.sleep,
        tiers={"conversations.open": TIER},
        shared_tiers={"conversations.open": opens},
    )


async def test_two_workers_open_conversations_within_one_tier() -> None:
    time = VirtualTime()
    ledger = FakeBudgetLedger(time.monotonic)
    opened: list[float] = []

    async def open_dm(pacer: SlackPacer) -> None:
        await pacer.wait_method("conversations.open")
        opened.append(time.now)

    first, second = tiered_worker(ledger, time), tiered_worker(ledger, time)
    await time.run(*[open_dm(first) for _ in range(40)], *[open_dm(second) for _ in range(40)])
    assert len(opened) == 80
    # Each worker alone would allow fifty a minute: together they must not pass fifty.
    assert most_within(opened, 60.0) <= TIER


async def test_a_429_on_a_tiered_method_holds_the_other_worker_too() -> None:
    time = VirtualTime()
    ledger = FakeBudgetLedger(time.monotonic)
    first, second = tiered_worker(ledger, time), tiered_worker(ledger, time)
    await time.run(first.wait_method("conversations.open"))
    held_at = time.now
    first.hold(20.0, "conversations.open")
    await time.run(first.close())
    opened: list[float] = []

    async def open_dm() -> None:
        await second.wait_method("conversations.open")
        opened.append(time.now)

    await time.run(open_dm())
    assert opened[0] >= held_at + 20.0 - 1e-9


async def test_the_service_pacer_shares_every_tier_but_the_hints() -> None:
    pacer = shared_slack_pacer(FakeBudgetLedger(lambda: 0.0), "T9", "xoxb-secret")
    assert set(pacer.shared_tiers) == set(METHOD_TIERS) - HINT_METHODS
    assert "users.info" not in pacer.shared_tiers  # a tap never waits for a language hint
    keys = [budget.key for budget in pacer.shared_tiers.values()]
    assert sorted(keys) == sorted(f"slack:T9:{method}" for method in pacer.shared_tiers)
    no_team = shared_slack_pacer(FakeBudgetLedger(lambda: 0.0), None, "xoxb-secret")
    for budget in no_team.shared_tiers.values():
        assert "secret" not in budget.key
        assert len(budget.key) <= 64
