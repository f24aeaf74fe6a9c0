"""Scrapy settings of the fanwen-archive project.

Project settings are prefixed ``ARCHIVE_``; every one of them, and every
Scrapy setting, can be overridden with ``-s NAME=VALUE`` on ``scrapy crawl``
and ``fanwen crawl``. Nothing here opens a connection or reads a file.
"""

BOT_NAME = "fanwen-archive"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# -- Politeness: a crawler that names itself and keeps to the site's rules.
USER_AGENT = "fanwen-archive/0.1 (+https://github.com/fanwen-archive/fanwen-archive)"
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
# Scrapy starts this many worker tasks for every response's output, however
# little it yields (2.19's default of 100 cost ~2 ms of CPU an essay); an
# essay page yields one item and a few links, a list page some 20 links.
CONCURRENT_ITEMS = 8
DOWNLOAD_TIMEOUT = 30
# Essay pages are ~10-50 KB; anything near these sizes is not an essay.
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024

# -- Retries: transient server trouble is retried, a 404 is an answer.
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
LOG_FORMATTER = "crawler.logformatter.ArchiveLogFormatter"

DOWNLOADER_MIDDLEWARES = {
    # Before RedirectMiddleware (600): a redirect off-site or in a loop fails
    # the request with a reason instead of vanishing in a filter.
    "crawler.middlewares.redirects.RedirectGuardMiddleware": 610,
    # Before HttpCompressionMiddleware (590): a cut gzip or close-delimited body is retried.
    "crawler.middlewares.integrity.BodyIntegrityMiddleware": 595,
    # Scrapy's retries, with a wait first (exponential, or the Retry-After asked for).
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.retry.BackoffRetryMiddleware": 550,
    # Both raise NotConfigured unless ARCHIVE_REPLAY_PATH / ARCHIVE_WARC_PATH is set.
    "crawler.webarchive.replay.ReplayMiddleware": 950,
    "crawler.webarchive.recorder.WarcRecorderMiddleware": 960,
}

EXTENSIONS = {
    # The crawl's start-up objects out of the garbage collector's full
    # passes (crawler/extensions/heap.py; ARCHIVE_GC_FREEZE).
    "crawler.extensions.heap.FreezeStartupHeap": 0,
}

ITEM_PIPELINES = {
    "crawler.pipelines.CleanTextPipeline": 100,
    "crawler.pipelines.NormalizeDatePipeline": 200,
    "crawler.pipelines.ValidatePipeline": 300,
    "crawler.pipelines.DedupePipeline": 400,
    "crawler.pipelines.StorePipeline": 500,
}

# Freeze the start-up heap for the crawl's length (crawler/extensions/heap.py).
ARCHIVE_GC_FREEZE = True

# -- The archive.
# Database URL; when unset, the ARCHIVE_DB_URL environment variable, else
# sqlite:///archive.db. Credentials belong in the environment, not here.
ARCHIVE_DB_URL = None
ARCHIVE_BATCH_SIZE = 100
ARCHIVE_FLUSH_SECONDS = 0.5
# Child processes for the pipelines' heavy work (crawler/offload.py): this
# many run cleaning and fingerprints, one writes the batches (never more
# than one writer). 0 runs everything in the crawl's own process. A child
# costs about a second of CPU to start: they start once this many essays
# have gone through the pipelines (0: with the first).
ARCHIVE_PIPELINE_PROCESSES = 1
ARCHIVE_PIPELINE_PROCESSES_AFTER = 100
# Duplicates: exact copies by content hash; near copies by MinHash/LSH, linked
# when the real Jaccard similarity of their 3-character shingles reaches this.
ARCHIVE_NEAR_DEDUPE = True
ARCHIVE_NEAR_THRESHOLD = 0.8
# A TOML file overriding the site profile (crawler/site_profile.py).
ARCHIVE_SITE_PROFILE = None
# Caps against crawler traps.
ARCHIVE_MAX_LIST_PAGES = 1000
ARCHIVE_MAX_ESSAY_PAGES = 50
ARCHIVE_MAX_TITLE_LENGTH = 500
# Record every request/response to this WARC file (.warc.gz).
ARCHIVE_WARC_PATH = None
# Answer every request from this WARC file or fixture folder, with no network.
ARCHIVE_REPLAY_PATH = None
# A worker of a shared crawl (`fanwen crawl --redis`, crawler/distributed.py)
# that has not heartbeated for this many seconds is taken for dead, and its
# unfinished requests go back to the frontier for the others.
ARCHIVE_REDIS_WORKER_TTL = 30

# -- Scheduled, incremental crawls.
# A job name: runs of one job are compared with each other (health), share a
# lock and a JOBDIR under ARCHIVE_JOBS_DIR (fanwen crawl --job NAME).
ARCHIVE_JOB = None
ARCHIVE_JOBS_DIR = "jobs"
# Archived essays are refetched once they are this many days old (0: every run).
ARCHIVE_REFRESH_AFTER_DAYS = 30.0
# A category's list walk stops after this many consecutive list pages with no
# unseen essay, once a previous run of the job has walked the whole site.
ARCHIVE_STOP_AFTER_KNOWN = 2
# Walk every list page and refetch every essay, whatever the archive holds.
ARCHIVE_FULL = False
# A run whose share of failed URLs passes this ends with exit code 5.
ARCHIVE_MAX_FAILURE_RATE = 0.2
# Retries back off exponentially from this many seconds; a Retry-After header
# is honoured up to ARCHIVE_RETRY_AFTER_MAX seconds.
ARCHIVE_RETRY_BACKOFF_BASE = 0.5
ARCHIVE_RETRY_BACKOFF_MAX = 30.0
ARCHIVE_RETRY_AFTER_MAX = 60.0
