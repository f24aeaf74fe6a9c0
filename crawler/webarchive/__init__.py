"""Record crawls to WARC, and replay WARCs and fixture sites with no network.

In DOWNLOADER_MIDDLEWARES::

    "crawler.webarchive.ReplayMiddleware": 950,         # ARCHIVE_REPLAY_PATH
    "crawler.webarchive.WarcRecorderMiddleware": 960,   # ARCHIVE_WARC_PATH

Both stay off until their setting is given. ``serve_fixture_site`` serves a
fixture folder over HTTP on 127.0.0.1 for end-to-end runs.
"""

from crawler.webarchive.fixture_site import FixtureError, FixtureSite
from crawler.webarchive.recorder import WarcRecorderMiddleware
from crawler.webarchive.replay import (
    NotInRecording,
    ReplayMiddleware,
    open_recording,
    replay_start_urls,
)
from crawler.webarchive.server import serve_fixture_site
from crawler.webarchive.stored import Recording, RecordingError, StoredResponse
from crawler.webarchive.warc_source import WarcSource

__all__ = [
    "FixtureError",
    "FixtureSite",
    "NotInRecording",
    "Recording",
    "RecordingError",
    "ReplayMiddleware",
    "StoredResponse",
    "WarcRecorderMiddleware",
    "WarcSource",
    "open_recording",
    "replay_start_urls",
    "serve_fixture_site",
]
