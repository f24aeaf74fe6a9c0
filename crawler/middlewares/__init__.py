"""Downloader middlewares that turn silent losses into recorded failures."""
