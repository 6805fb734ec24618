"""Locale formats where Django's own are wrong for the alliance (FORMAT_MODULE_PATH).

Each module sets only what differs; Django's django/conf/locale/<lang>/formats.py gives the rest.
"""
