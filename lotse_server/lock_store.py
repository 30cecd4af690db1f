"""A Redis lock store whose locking is atomic across Rasa instances.

Rasa 3.6's `RedisLockStore` issues tickets with a read-modify-write of one JSON value
(`issue_ticket` → `save_lock`). Two instances taking a ticket for the same conversation at the
same moment can both get the same number and process two messages at once; the second tracker
save then drops the first message's events (seen in tests/test_multi_instance.py). This store
keeps Rasa's interface but takes the lock with Redis' atomic `SET NX PX` and releases it with a
compare-and-delete script, so only one instance works on a conversation at a time.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from typing import Any

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore

_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
"""
POLL_SECONDS = 0.02


class AtomicRedisLockStore(RedisLockStore):
    """Configured like Rasa's redis lock store: `type: lotse_server.lock_store.AtomicRedisLockStore`."""

    def __init__(self, endpoint_config: Any = None, **kwargs: Any) -> None:
        if endpoint_config is not None:  # created by Rasa from endpoints.yml
            kwargs = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs}
        super().__init__(**kwargs)

    def _key(self, conversation_id: str) -> str:
        return f"{self.key_prefix}mutex:{conversation_id}"

    @asynccontextmanager
    async def lock(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME,
                   wait_time_in_seconds: float = 1) -> AsyncGenerator[TicketLock, None]:
        key, token = self._key(conversation_id), uuid.uuid4().hex
        deadline = time.monotonic() + lock_lifetime
        while not self.red.set(key, token, nx=True, px=int(lock_lifetime * 1000)):
            if time.monotonic() > deadline:
                raise LockError(f"Could not acquire lock for conversation '{conversation_id}'.")
            await asyncio.sleep(POLL_SECONDS)
        try:
            yield TicketLock(conversation_id)
        finally:
            self.red.eval(_RELEASE, 1, key, token)
