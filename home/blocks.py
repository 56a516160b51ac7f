"""Kept for the migrations that name `home.blocks`: the blocks live in `portal.blocks`."""

from portal.blocks import *  # noqa: F403
