"""Many crawl workers, one frontier: scrapy-redis's scheduler and dupe filter, made reliable.

``fanwen crawl --redis URL`` runs a worker whose scheduler is scrapy-redis's
(the frontier is a Redis list, the seen requests a Redis set), so workers on
any number of machines share one crawl. scrapy-redis pops a request and
forgets it: a worker killed mid-run would lose every request it had taken and
not finished. Two small subclasses close that gap the way a reliable Redis
queue does: a request is *moved* (``LMOVE``) from the frontier to the worker's
``claimed`` list, and removed from there only when Scrapy's engine is done
with it (callback run, its requests queued, its items through the pipelines,
which return only after the archive commits). A worker that stops
heartbeating has its claims moved back to the frontier by the others.

Redis keys, ``S`` being the spider's name (``essays_redis``):

==========================  ======  ==============================================
``S:start_urls``            list    seeded start URLs, taken by one worker each
``S:seeds``                 set     every seeded URL: the sites this crawl covers
``S:hosts``                 set     their hosts (``host:port``), for link following
``S:requests``              list    the frontier (scrapy-redis ``LifoQueue``)
``S:dupefilter``            set     fingerprints of requests seen (``RFPDupeFilter``)
``S:held_back``             set     links requested only once the whole crawl is idle
``S:workers``               set     worker ids
``S:alive:ID``              string  a worker's heartbeat, expiring after its TTL
``S:claimed:ID``            list    requests a worker has taken and not finished
==========================  ======  ==============================================

Requests are pickled (scrapy-redis's default serializer: an essay's
continuation request carries the pages fetched so far), so the Redis server
must be as private as the archive database.
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any, cast
from urllib.parse import urlsplit

from redis import Redis
from redis.exceptions import RedisError
from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.http import Request
from scrapy.settings import BaseSettings
from scrapy_redis import connection
from scrapy_redis.queue import LifoQueue
from scrapy_redis.scheduler import Scheduler
from twisted.internet.task import LoopingCall

from storage.database import masked

SPIDER_NAME = "essays_redis"
DEFAULT_IDLE_TIMEOUT = 30
DEFAULT_WORKER_TTL = 30


class FrontierError(RuntimeError):
    """Redis cannot be reached."""


class NothingSeeded(FrontierError):
    """The frontier holds no crawl: no start URL was ever seeded."""


class BadStartURL(ValueError):
    """A start URL that is not an http(s) URL with a host."""


def redis_settings(redis_url: str, idle_timeout: int) -> dict[str, Any]:
    """The Scrapy settings that make a crawl a worker of the shared frontier."""
    return {
        "SCHEDULER": "crawler.distributed.ClaimingScheduler",
        "SCHEDULER_QUEUE_CLASS": "crawler.distributed.ClaimingLifoQueue",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        # The frontier outlives every worker: the last one to leave must not wipe it.
        "SCHEDULER_PERSIST": True,
        "REDIS_URL": redis_url,
        # scrapy-redis's name for the quiet period; here it counts from the
        # moment the whole crawl (not this worker) has nothing left.
        "MAX_IDLE_TIME_BEFORE_CLOSE": idle_timeout,
        "ARCHIVE_WORKER_ID": worker_id(),
    }


def start_url_hosts(urls: Iterable[str]) -> list[str]:
    """The ``host:port`` of each start URL, in order; BadStartURL for one that has none."""
    hosts = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise BadStartURL(f"not an http(s) URL: {url!r}")
        hosts.append(parts.netloc)
    return hosts


def prepare_worker(redis_url: str, start_urls: list[str], idle_timeout: int) -> dict[str, Any]:
    """Seed ``start_urls`` (if any), check the crawl has seeds; the worker's settings."""
    frontier = Frontier(redis_client(redis_url))
    if start_urls:
        frontier.seed(start_urls, start_url_hosts(start_urls))
    if not frontier.seeds():
        raise NothingSeeded(
            f"nothing to crawl at {masked(redis_url)}: "
            "give --start-url, or run `fanwen seed --redis URL --start-url URL` first"
        )
    return redis_settings(redis_url, idle_timeout)


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def redis_client(redis_url: str) -> Redis:
    """A client for ``redis_url`` that has answered a PING; FrontierError if none can."""
    try:
        client: Redis = connection.get_redis(url=redis_url, socket_connect_timeout=5)
        client.ping()
    except (RedisError, ValueError) as exc:
        raise FrontierError(f"cannot reach Redis at {masked(redis_url)}: {exc}") from exc
    return client


class Frontier:
    """The crawl's shared state in Redis, apart from the queue and the dupe filter."""

    def __init__(self, server: Redis, spider_name: str = SPIDER_NAME) -> None:
        self.server = server
        self.prefix = spider_name
        self.start_urls_key = f"{spider_name}:start_urls"
        self.seeds_key = f"{spider_name}:seeds"
        self.hosts_key = f"{spider_name}:hosts"
        self.queue_key = f"{spider_name}:requests"
        self.dupefilter_key = f"{spider_name}:dupefilter"
        self.held_back_key = f"{spider_name}:held_back"
        self.workers_key = f"{spider_name}:workers"

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> Frontier:
        return cls(connection.from_settings(settings))

    def alive_key(self, worker: str) -> str:
        return f"{self.prefix}:alive:{worker}"

    def claimed_key(self, worker: str) -> str:
        return f"{self.prefix}:claimed:{worker}"

    # -- seeds -----------------------------------------------------------------
    def seed(self, urls: Iterable[str], hosts: Iterable[str]) -> None:
        urls = list(urls)
        with self.server.pipeline() as pipe:
            pipe.sadd(self.seeds_key, *urls)
            pipe.sadd(self.hosts_key, *hosts)
            # Hosts before start URLs: a worker that takes a start URL knows its host.
            pipe.rpush(self.start_urls_key, *urls)
            pipe.execute()

    def seeds(self) -> list[str]:
        return sorted(_text(url) for url in self.server.smembers(self.seeds_key))

    def is_seeded_host(self, host: str) -> bool:
        return bool(self.server.sismember(self.hosts_key, host))

    def take_start_urls(self) -> list[str]:
        taken = cast(list[bytes] | None, self.server.lpop(self.start_urls_key, 1000))
        return [_text(url) for url in taken or []]

    def reset(self) -> None:
        """Forget the previous crawl: its frontier, seen requests, seeds and held-back links."""
        keys = [
            self.start_urls_key,
            self.seeds_key,
            self.hosts_key,
            self.queue_key,
            self.dupefilter_key,
            self.held_back_key,
        ]
        self.server.delete(*keys)

    # -- links held back until the whole crawl is idle ---------------------------
    def hold_back(self, urls: list[str]) -> None:
        if urls:
            self.server.sadd(self.held_back_key, *urls)

    def take_held_back(self) -> list[str]:
        with self.server.pipeline() as pipe:
            pipe.smembers(self.held_back_key)
            pipe.delete(self.held_back_key)
            members, _ = pipe.execute()
        return sorted(_text(url) for url in members)

    # -- workers -----------------------------------------------------------------
    def heartbeat(self, worker: str, ttl: int) -> None:
        with self.server.pipeline() as pipe:
            pipe.sadd(self.workers_key, worker)
            pipe.set(self.alive_key(worker), "1", ex=ttl)
            pipe.execute()

    def leave(self, worker: str) -> None:
        """Return the worker's unfinished requests to the frontier and forget it."""
        self._requeue_claims(worker)
        with self.server.pipeline() as pipe:
            pipe.srem(self.workers_key, worker)
            pipe.delete(self.alive_key(worker))
            pipe.execute()

    def reclaim_dead(self) -> int:
        """Move the claims of workers whose heartbeat expired back to the frontier."""
        moved = 0
        for worker in map(_text, self.server.smembers(self.workers_key)):
            if not self.server.exists(self.alive_key(worker)):
                moved += self._requeue_claims(worker)
                self.server.srem(self.workers_key, worker)
        return moved

    def _requeue_claims(self, worker: str) -> int:
        moved = 0
        # One atomic move a request: two workers reclaiming at once split the list.
        while self.server.lmove(self.claimed_key(worker), self.queue_key, "LEFT", "LEFT"):
            moved += 1
        return moved

    # -- progress ------------------------------------------------------------------
    def status(self) -> dict[str, int]:
        workers = [_text(worker) for worker in self.server.smembers(self.workers_key)]
        with self.server.pipeline() as pipe:
            pipe.llen(self.queue_key)
            pipe.llen(self.start_urls_key)
            pipe.scard(self.held_back_key)
            pipe.scard(self.dupefilter_key)
            for worker in workers:
                pipe.llen(self.claimed_key(worker))
            queued, start_urls, held_back, seen, *claimed = pipe.execute()
        return {
            "queued": queued,
            "start_urls": start_urls,
            "held_back": held_back,
            "claimed": sum(claimed),
            "seen": seen,
            "workers": len(workers),
        }

    def others_busy(self, worker: str) -> bool:
        """Requests queued, or taken by another worker and not finished."""
        if self.server.llen(self.queue_key) or self.server.llen(self.start_urls_key):
            return True
        others = [w for w in map(_text, self.server.smembers(self.workers_key)) if w != worker]
        return any(self.server.llen(self.claimed_key(other)) for other in others)


class ClaimingLifoQueue(LifoQueue):  # type: ignore[misc]
    """scrapy-redis's LIFO queue (Scrapy's default order), popping into a claimed list."""

    claimed_key: str | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._claims: dict[Request, bytes] = {}

    def pop(self, timeout: int = 0) -> Request | None:
        if self.claimed_key is None:
            raise RuntimeError("ClaimingLifoQueue needs ClaimingScheduler to name its claim list")
        data = self.server.lmove(self.key, self.claimed_key, "LEFT", "LEFT")
        if data is None:
            return None
        request: Request = self._decode_request(data)
        self._claims[request] = data
        return request

    def finish(self, request: Request) -> None:
        data = self._claims.pop(request, None)
        if data is not None and self.claimed_key is not None:
            self.server.lrem(self.claimed_key, 1, data)


# KEYS: the dupe filter's set, the queue; ARGV: the fingerprint, the encoded request.
QUEUE_IF_UNSEEN = """
if redis.call('SADD', KEYS[1], ARGV[1]) == 1 then
  redis.call('LPUSH', KEYS[2], ARGV[2])
  return 1
end
return 0
"""


class ClaimingScheduler(Scheduler):  # type: ignore[misc]
    """scrapy-redis's scheduler; a popped request stays claimed until the engine is done."""

    crawler: Crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ClaimingScheduler:
        scheduler: ClaimingScheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        return scheduler

    def open(self, spider: Spider) -> None:
        super().open(spider)
        settings = self.crawler.settings
        self.worker = settings.get("ARCHIVE_WORKER_ID") or worker_id()
        self.worker_ttl = settings.getint("ARCHIVE_REDIS_WORKER_TTL", DEFAULT_WORKER_TTL)
        self.frontier = Frontier(self.server, spider.name)
        self.queue.claimed_key = self.frontier.claimed_key(self.worker)
        self._queue_if_unseen = self.server.register_script(QUEUE_IF_UNSEEN)
        self.frontier.heartbeat(self.worker, self.worker_ttl)
        self.frontier.reclaim_dead()
        self._heartbeat = LoopingCall(self.frontier.heartbeat, self.worker, self.worker_ttl)
        self._heartbeat.start(max(1.0, self.worker_ttl / 3), now=False)
        self._ack_when_engine_done()

    def enqueue_request(self, request: Request) -> bool:
        # scrapy-redis marks a request seen (SADD), then queues it (LPUSH): a
        # worker killed between the two loses the request for good, since
        # whoever re-finds the link sees it as seen. One script does both.
        data = self.queue._encode_request(request)
        if request.dont_filter:
            self.server.lpush(self.queue.key, data)
        elif not self._queue_if_unseen(
            keys=[self.df.key, self.queue.key], args=[self.df.request_fingerprint(request), data]
        ):
            self.df.log(request, self.spider)
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        return True

    # As scrapy-redis's, minus the `spider` argument to the stats that Scrapy 2.19 deprecates.
    def next_request(self) -> Request | None:
        request: Request | None = self.queue.pop()
        if request is not None:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def _ack_when_engine_done(self) -> None:
        # The patch, and the only one: Scrapy has no signal for "the engine is
        # done with this request" (downloaded, callback or errback run, its
        # requests scheduled, its items through the pipelines; or replaced by
        # a redirect or a retry that is queued by then). The engine slot's
        # remove_request() is exactly that moment, for every outcome.
        engine = self.crawler.engine
        slot = getattr(engine, "_slot", None)
        remove_request = getattr(slot, "remove_request", None)
        if slot is None or remove_request is None:
            raise RuntimeError(
                "this Scrapy release has no engine slot remove_request(); "
                "the distributed crawl is tested with Scrapy 2.13-2.19"
            )

        def remove_and_finish(request: Request) -> None:
            remove_request(request)
            self.queue.finish(request)

        slot.remove_request = remove_and_finish

    def close(self, reason: str) -> None:
        if self._heartbeat.running:
            self._heartbeat.stop()
        # Whatever is still claimed (a shutdown mid-crawl) goes back for the others.
        self.frontier.leave(self.worker)
        super().close(reason)


class QuietPeriod:
    """How long the shared crawl has had nothing to do, as seen by one worker's idle checks."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self.clock = clock
        self._since: float | None = None

    def busy(self) -> None:
        self._since = None

    def over(self) -> bool:
        """Record a quiet check; True once the crawl has been quiet for ``seconds``."""
        now = self.clock()
        if self._since is None:
            self._since = now
        return self.seconds > 0 and now - self._since >= self.seconds


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
