"""Special rectification campaigns: from a hotspot (or from scratch) the linkage centre launches a
campaign over an area and categories for a period; new cases there join it by themselves, the
centre adds open ones, writes progress reports residents follow, and closes it with a report."""
