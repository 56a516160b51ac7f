"""Supervision figures: the monthly roll-up kept by the worker (`rollup`), the public statistics
page (`views`) and its CSV and the open-data export (`exports`). Templates:
templates/participation/statistics/."""
