"""SQLite as the portal runs it (docs/decisions.md, 8): write-ahead logging, set once.

WAL is a property of the database file, not of a connection: once set it stays. Each request
opens a connection (CONN_MAX_AGE is 0 on SQLite), so the mode is set on a process's first
connection to each file, not on every one. What belongs to a connection stays in the settings'
`init_command`; Django turns foreign keys on itself, and the `timeout` option is the busy timeout.
"""

import os

# (file, inode) already in WAL mode: a file replaced under the same name (a restore) is set again.
_in_wal: set[tuple[str, int | None]] = set()


def sqlite_write_ahead_log(sender, connection, **kwargs) -> None:
    """On `connection_created`: put the SQLite database file in WAL mode, once per process."""
    if connection.vendor != "sqlite":
        return
    name = str(connection.settings_dict["NAME"])
    try:
        identity = (name, os.stat(name).st_ino)
    except OSError:  # in memory, or named by a URI
        identity = (name, None)
    if identity in _in_wal:
        return
    # On the driver's connection, outside any transaction (Django has set autocommit already).
    connection.connection.execute("PRAGMA journal_mode=WAL")
    _in_wal.add(identity)
