"""The restart policy every supervised process shares (runtime/supervisor.py ``Process``):
a death restarts after the back-off, which doubles up to its cap for the next death and
falls back to the start once the process has lived long enough. Times are given, not
measured: the policy is arithmetic on ``now``."""

from runtime.supervisor import (
    BACKOFF_MAX_S,
    BACKOFF_START_S,
    STABLE_AFTER_S,
    Process,
)


def test_each_death_waits_the_back_off_which_doubles_up_to_its_cap():
    p = Process()
    delays = [p.schedule_restart(100.0) for _ in range(12)]
    assert delays[0] == BACKOFF_START_S and delays[1] == 2 * BACKOFF_START_S
    assert max(delays) == BACKOFF_MAX_S and delays[-1] == BACKOFF_MAX_S
    assert all(b >= a for a, b in zip(delays, delays[1:], strict=False))
    assert p.restarts == 12 and p.restart_at == 100.0 + BACKOFF_MAX_S


def test_a_scheduled_restart_spawns_only_once_its_time_has_come():
    p = Process()
    spawned = []
    assert not p.restart_pending(0.0, lambda: spawned.append(1))  # nothing scheduled
    delay = p.schedule_restart(10.0)
    assert p.restart_pending(10.0 + delay / 2, lambda: spawned.append(1)) and spawned == []
    assert p.restart_pending(10.0 + delay, lambda: spawned.append(1)) and spawned == [1]


def test_a_process_that_lived_long_enough_is_restarted_quickly_again():
    p = Process()
    for _ in range(5):
        p.schedule_restart(0.0)
    p.started_at = 50.0
    p.settle(50.0 + STABLE_AFTER_S / 2)  # not yet stable: the back-off stays
    assert p.backoff > BACKOFF_START_S
    p.settle(50.0 + STABLE_AFTER_S + 1)
    assert p.backoff == BACKOFF_START_S
