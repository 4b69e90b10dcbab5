"""The ring segment's control block: one 4096-byte page before the byte area.

Why a full page and 128-byte spacing: the byte area starts page-aligned, and
the producer's line (head and its counters) and the consumer's line (tail and
its counters) sit 128 bytes apart so that neither side's writes invalidate the
other's line (x86 prefetches cache lines in adjacent pairs). Every field is an
aligned 8-byte word (or 4-byte word) so single stores are atomic on x86-64.
ipc/_ringcore.c mirrors these offsets; a test compares them.

    off  field                       written by
      0  ring_magic "SOVRRING"       creator, last (the "ready" signal)
      8  layout_version u32          creator
     12  frame_version u32           creator
     16  capacity u64                creator
     24  max_frame u32               creator
     28  policy u32 (0 block, 1 drop) creator
     32  creator_pid u32             creator
     40  creator_start u64 (/proc/<pid>/stat starttime, guards pid reuse)
     48  created_ns u64              creator
     64  instance[64] NUL-padded     creator
    128  name[64]                    creator
    192  doorbell[64]                consumer (Inbox.bind)
    256  head, seq_sent, frames_sent, bytes_sent, full_events, drops, high_water
    384  tail, seq_recv, frames_recv, bytes_recv, checksum_failures, duplicates,
         decode_errors, sleeping, last_corrupt_pos
"""

from __future__ import annotations

RING_MAGIC = int.from_bytes(b"SOVRRING", "little")
LAYOUT_VERSION = 1
CTRL_SIZE = 4096
ALIGN = 8

OFF_MAGIC = 0
OFF_LAYOUT = 8
OFF_FRAME_VERSION = 12
OFF_CAPACITY = 16
OFF_MAX_FRAME = 24
OFF_POLICY = 28
OFF_CREATOR_PID = 32
OFF_CREATOR_START = 40
OFF_CREATED_NS = 48
OFF_INSTANCE = 64
OFF_NAME = 128
OFF_DOORBELL = 192
NAME_FIELD = 64

# Producer line (u64 word indices into the control block viewed as 'Q').
PROD_LINE = 256
Q_HEAD = PROD_LINE // 8
Q_SEQ_SENT = Q_HEAD + 1
Q_FRAMES_SENT = Q_HEAD + 2
Q_BYTES_SENT = Q_HEAD + 3
Q_FULL = Q_HEAD + 4
Q_DROPS = Q_HEAD + 5
Q_HIGH_WATER = Q_HEAD + 6

# Consumer line.
CONS_LINE = 384
Q_TAIL = CONS_LINE // 8
Q_SEQ_RECV = Q_TAIL + 1
Q_FRAMES_RECV = Q_TAIL + 2
Q_BYTES_RECV = Q_TAIL + 3
Q_CRC_FAIL = Q_TAIL + 4
Q_DUPLICATES = Q_TAIL + 5
Q_DECODE_ERR = Q_TAIL + 6
Q_SLEEPING = Q_TAIL + 7
Q_LAST_CORRUPT = Q_TAIL + 8

POLICY_BLOCK = 0
POLICY_DROP = 1
POLICIES = {"block": POLICY_BLOCK, "drop": POLICY_DROP}
