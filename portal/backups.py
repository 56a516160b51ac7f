"""Backups that restore: the database, the case files and editors' media, and a manifest that
says what a good copy holds (row counts, migrations, sizes and checksums).

The database is copied first, from one snapshot (SQLite's online backup API, or `pg_dump` in a
snapshot the row counts are read in too); the files after it, through the Storage API, so a
folder and an S3 bucket back up alike. A file uploaded meanwhile is copied without its row, which
is harmless; the other order would lose files whose rows are kept. The manifest is written last:
a folder without one is not a backup.
"""

import datetime
import hashlib
import json
import os
import posixpath
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files import File
from django.core.files.storage import Storage, storages
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _

FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
FILES_FOLDER = "files"
# The storages a backup copies, by the name the manifest gives them: alias in settings.STORAGES.
BACKUP_STORAGES = {"case_files": "case_files", "media": "default"}
DATABASE_FILES = {"sqlite": "db.sqlite3", "postgresql": "db.dump"}
# Environment variables libpq reads, for the OPTIONS a PostgreSQL connection may carry.
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup that cannot be made or restored; the message says why, in the reader's language."""


@dataclass
class BackupSummary:
    vendor: str
    tables: int
    rows: int
    files: dict[str, int] = field(default_factory=dict)
    bytes: int = 0
    pending_migrations: int = 0


def backup_storages() -> dict[str, Storage]:
    return {name: storages[alias] for name, alias in BACKUP_STORAGES.items()}


# --- Making a backup -----------------------------------------------------------------------------


def backup_make(*, directory: Path) -> BackupSummary:
    """Write a backup of the configured database and storages into `directory` (new or empty)."""
    directory = Path(directory)
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise BackupError(
            _("The backup folder %(path)s is not empty: give a new or empty folder.")
            % {"path": directory}
        )
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(
            _("Backups support SQLite and PostgreSQL, not %(vendor)s.")
            % {"vendor": connection.vendor}
        )
    created = not directory.exists()
    directory.mkdir(parents=True, exist_ok=True)
    try:
        database_file = directory / DATABASE_FILES[connection.vendor]
        if connection.vendor == "sqlite":
            tables, migrations = _sqlite_dump(connection, database_file)
        else:
            tables, migrations = _postgresql_dump(database_file)
        files = _storages_copy_out(directory / FILES_FOLDER)
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "database": {"vendor": connection.vendor, **_file_entry(database_file, directory)},
            "migrations": migrations,
            "tables": tables,
            "files": files,
        }
        _write_manifest(directory, manifest)
    except BaseException as error:
        # The folder was empty: what is in it now is this backup's, and half of one is no use.
        for child in directory.iterdir():
            if child.is_dir():
                shutil.rmtree(child, ignore_errors=True)
            else:
                child.unlink(missing_ok=True)
        if created:
            directory.rmdir()
        if isinstance(error, OSError | sqlite3.Error):  # a full disk, an unreadable file
            raise BackupError(
                _("The backup failed, and what it had written was removed: %(error)s")
                % {"error": error}
            ) from error
        raise
    return _summary(manifest)


def _sqlite_dump(connection, target: Path) -> tuple[dict[str, int], dict[str, str]]:
    """SQLite's online backup API, in one step: a consistent copy while the portal runs."""
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise BackupError(_("An in-memory SQLite database cannot be backed up."))
    if not Path(name).is_file():  # connecting would make an empty one and back that up
        raise BackupError(_("The database file %(path)s does not exist.") % {"path": name})
    source = sqlite3.connect(name, timeout=20)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        # A self-contained file: no write-ahead log beside it to lose.
        copy.execute("PRAGMA journal_mode=DELETE")
        cursor = copy.cursor()
        return _table_counts(cursor, "sqlite"), _applied_migrations(cursor, "sqlite")
    finally:
        copy.close()
        source.close()


def _postgresql_dump(target: Path) -> tuple[dict[str, int], dict[str, str]]:
    """`pg_dump` in custom format, inside the snapshot the counts are read in: both see the
    same rows, however busy the portal is meanwhile."""
    wrapper = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            tables = _table_counts(cursor, "postgresql")
            migrations = _applied_migrations(cursor, "postgresql")
            _run_libpq_tool(
                "pg_dump",
                ["--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
                wrapper.settings_dict,
            )
            cursor.execute("COMMIT")
    finally:
        wrapper.close()
    return tables, migrations


def _storages_copy_out(folder: Path) -> list[dict]:
    files = []
    for storage_name, storage in backup_storages().items():
        for path in _storage_walk(storage):
            target = folder / storage_name / _safe_relative(path)
            target.parent.mkdir(parents=True, exist_ok=True)
            digest, size = hashlib.sha256(), 0
            with storage.open(path, "rb") as source, open(target, "wb") as out:
                for chunk in iter(lambda: source.read(CHUNK), b""):
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
            files.append(
                {"storage": storage_name, "path": path, "size": size, "sha256": digest.hexdigest()}
            )
    return files


def _storage_walk(storage: Storage, folder: str = ""):
    """Every file's name in `storage`, folders first-level first, in a stable order."""
    try:
        folders, names = storage.listdir(folder)
    except FileNotFoundError:  # a local storage whose folder was never made holds nothing
        return
    for name in sorted(names):
        yield posixpath.join(folder, name) if folder else name
    for name in sorted(folders):
        yield from _storage_walk(storage, posixpath.join(folder, name) if folder else name)


def _write_manifest(directory: Path, manifest: dict) -> None:
    temporary = directory / f".{MANIFEST_NAME}.tmp"
    with open(temporary, "w", encoding="utf-8") as out:
        json.dump(manifest, out, indent=1, ensure_ascii=False)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, directory / MANIFEST_NAME)


# --- Checking and restoring ----------------------------------------------------------------------


def backup_verify(*, directory: Path) -> dict:
    """The manifest of the backup in `directory`, once every file in it matches its checksum."""
    directory = Path(directory)
    try:
        with open(directory / MANIFEST_NAME, encoding="utf-8") as source:
            manifest = json.load(source)
    except FileNotFoundError:
        raise BackupError(
            _(
                "%(path)s has no manifest.json: it is not a complete backup (one that failed, "
                "or not a backup at all)."
            )
            % {"path": directory}
        ) from None
    except (ValueError, OSError):
        manifest = None
    unreadable = BackupError(
        _("The manifest of %(path)s cannot be read: the backup is damaged.") % {"path": directory}
    )
    if not isinstance(manifest, dict):
        raise unreadable
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(
            _("%(path)s was not written by this version's backup command (format %(format)s).")
            % {"path": directory, "format": FORMAT_VERSION}
        )
    try:
        expected = [(manifest["database"]["file"], manifest["database"])]
        for entry in manifest["files"]:
            relative = posixpath.join(FILES_FOLDER, entry["storage"], entry["path"])
            expected.append((relative, entry))
        well_formed = isinstance(manifest["database"]["vendor"], str) and all(
            isinstance(manifest[key], dict) for key in ("tables", "migrations")
        )
    except (KeyError, TypeError):
        well_formed = False
    if not well_formed:
        raise unreadable
    for relative, entry in expected:
        found = _checksum(directory / _safe_relative(relative))
        if found != (entry.get("size"), entry.get("sha256")):
            raise BackupError(
                _(
                    "The backup is damaged: %(file)s is missing or does not match its checksum "
                    "in the manifest. Nothing was restored."
                )
                % {"file": relative}
            )
    return manifest


def backup_restore(*, directory: Path, force: bool = False) -> BackupSummary:
    """Bring the backup in `directory` back into the configured database and storages.

    They must be empty: the database without tables (a new database: do not run `migrate`
    first) and the storages without files. With `force`, the database's content is replaced and
    files of the same name are overwritten; other files stay.
    """
    directory = Path(directory)
    manifest = backup_verify(directory=directory)
    connection = connections[DEFAULT_DB_ALIAS]
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(
            _(
                "This backup is of a %(backup)s database and the portal is configured for "
                "%(target)s: restore it into the same kind of database."
            )
            % {"backup": vendor, "target": connection.vendor}
        )
    _check_migrations_known(manifest["migrations"])
    backup_storages_ = backup_storages()
    unknown = sorted({entry["storage"] for entry in manifest["files"]} - set(backup_storages_))
    if unknown:
        raise BackupError(
            _("The backup holds files of a storage this portal does not have: %(name)s.")
            % {"name": unknown[0]}
        )
    if not force:
        _check_target_empty(connection, backup_storages_)

    database_file = directory / manifest["database"]["file"]
    try:
        if vendor == "sqlite":
            _sqlite_load(connection, database_file)
        else:
            _postgresql_load(connection, database_file, force=force)
        _storages_copy_in(
            directory / FILES_FOLDER, manifest["files"], backup_storages_, force=force
        )
    except (OSError, sqlite3.Error) as error:
        raise BackupError(
            _(
                "The restore stopped half-way: %(error)s. Once the cause is fixed, run it again "
                "with --force."
            )
            % {"error": error}
        ) from error

    with connection.cursor() as cursor:
        counts = _table_counts(cursor, vendor)
    for table, expected in manifest["tables"].items():
        if counts.get(table) != expected:
            raise BackupError(
                _(
                    "After the restore, table %(table)s has %(found)s rows where the backup "
                    "has %(expected)s."
                )
                % {"table": table, "found": counts.get(table, 0), "expected": expected}
            )
    summary = _summary(manifest)
    executor = MigrationExecutor(connection)
    summary.pending_migrations = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    return summary


def _check_migrations_known(applied: dict[str, str]) -> None:
    """Refuse a backup made by a newer version: this code could not read what it wrote."""
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    for app, name in sorted(applied.items()):
        if (app, name) not in known:
            raise BackupError(
                _(
                    "The backup was made by another version of the portal: its migration "
                    "%(app)s.%(name)s is unknown here. Restore it with the version that made it."
                )
                % {"app": app, "name": name}
            )


def _check_target_empty(connection, backup_storages_: dict[str, Storage]) -> None:
    reasons = []
    with connection.cursor() as cursor:
        tables = _table_names(cursor, connection.vendor)
    if tables:
        reasons.append(_("the database has %(count)s tables") % {"count": len(tables)})
    for name, storage in backup_storages_.items():
        if next(_storage_walk(storage), None) is not None:
            reasons.append(_("the storage %(name)s holds files") % {"name": name})
    if reasons:
        raise BackupError(
            _(
                "The restore needs an empty database and empty storages, and %(reasons)s. "
                "Restore into new ones, or add --force to replace what is there."
            )
            % {"reasons": "; ".join(reasons)}
        )


def _sqlite_load(connection, source_file: Path) -> None:
    """Copy the backup into the configured database file with SQLite's backup API."""
    name = str(connection.settings_dict["NAME"])
    connection.close()
    Path(name).parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"{source_file.resolve().as_uri()}?mode=ro", uri=True)
    target = sqlite3.connect(name, timeout=20)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def _postgresql_load(connection, source_file: Path, *, force: bool) -> None:
    """`pg_restore` in one transaction: a restore that fails leaves the database as it was
    (with --force, emptied). Sequences come back with their values (the dump sets them), so
    nothing to reset."""
    if force:
        # Tables of a newer schema than the backup's would be left beside it otherwise.
        with connection.cursor() as cursor:
            tables = _table_names(cursor, "postgresql")
            if tables:
                cursor.execute(f"DROP TABLE IF EXISTS {', '.join(map(_quote, tables))} CASCADE")
    connection.close()
    _run_libpq_tool(
        "pg_restore",
        [
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-acl",
            "--single-transaction",
            "--exit-on-error",
            str(source_file),
        ],
        connection.settings_dict,
    )


def _storages_copy_in(
    folder: Path, files: list[dict], backup_storages_: dict[str, Storage], *, force: bool
) -> None:
    for entry in files:
        storage, path = backup_storages_[entry["storage"]], entry["path"]
        if force and storage.exists(path):
            storage.delete(path)
        with open(folder / entry["storage"] / _safe_relative(path), "rb") as source:
            saved = storage.save(path, File(source, name=path))
        if saved != path:
            raise BackupError(
                _("The storage %(name)s saved %(path)s as %(saved)s: it was not empty.")
                % {"name": entry["storage"], "path": path, "saved": saved}
            )


# --- Shared --------------------------------------------------------------------------------------


def _quote(name: str) -> str:
    escaped = name.replace('"', '""')
    return f'"{escaped}"'


def _table_names(cursor, vendor: str) -> list[str]:
    if vendor == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    else:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition "
            "AND n.nspname NOT IN ('pg_catalog', 'pg_toast', 'information_schema') "
            "AND pg_table_is_visible(c.oid) ORDER BY c.relname"
        )
    return [row[0] for row in cursor.fetchall()]


def _table_counts(cursor, vendor: str) -> dict[str, int]:
    counts = {}
    for table in _table_names(cursor, vendor):
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # names from the catalogue, quoted
        counts[table] = cursor.fetchone()[0]
    return counts


def _applied_migrations(cursor, vendor: str) -> dict[str, str]:
    """The latest applied migration of each app: the highest name, as migrations are numbered
    (the order they were applied in puts squashed ones last)."""
    if "django_migrations" not in _table_names(cursor, vendor):
        return {}
    cursor.execute("SELECT app, MAX(name) FROM django_migrations GROUP BY app ORDER BY app")
    return dict(cursor.fetchall())


def _run_libpq_tool(program: str, arguments: list[str], settings_dict: dict) -> None:
    """Run pg_dump or pg_restore against the database of `settings_dict`. The password goes in
    the environment, never on the command line (where `ps` shows it)."""
    environment = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        environment["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    for option, variable in LIBPQ_OPTIONS.items():
        if settings_dict.get("OPTIONS", {}).get(option):
            environment[variable] = str(settings_dict["OPTIONS"][option])
    command = [program, *arguments, "--no-password", f"--dbname={settings_dict['NAME']}"]
    if settings_dict.get("HOST"):
        command.append(f"--host={settings_dict['HOST']}")
    if settings_dict.get("PORT"):
        command.append(f"--port={settings_dict['PORT']}")
    if settings_dict.get("USER"):
        command.append(f"--username={settings_dict['USER']}")
    try:
        result = subprocess.run(command, env=environment, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(
            _("%(program)s is not installed (it comes with PostgreSQL's client tools).")
            % {"program": program}
        ) from None
    if result.returncode != 0:
        raise BackupError(
            _("%(program)s failed: %(error)s")
            % {"program": program, "error": result.stderr.strip()}
        )


def _safe_relative(path: str) -> Path:
    """A path from a listing or a manifest, refused if it would leave the backup folder."""
    parts = Path(path).parts
    if not parts or Path(path).is_absolute() or ".." in parts:
        raise BackupError(_("The backup names an unsafe path: %(path)s.") % {"path": path})
    return Path(*parts)


def _file_entry(path: Path, directory: Path) -> dict:
    size, sha256 = _checksum(path)
    return {"file": path.relative_to(directory).as_posix(), "size": size, "sha256": sha256}


def _checksum(path: Path) -> tuple[int, str] | None:
    """(size, sha256) of a file, or None if it is not there."""
    digest, size = hashlib.sha256(), 0
    try:
        with open(path, "rb") as source:
            for chunk in iter(lambda: source.read(CHUNK), b""):
                digest.update(chunk)
                size += len(chunk)
    except (FileNotFoundError, IsADirectoryError):
        return None
    return size, digest.hexdigest()


def _summary(manifest: dict) -> BackupSummary:
    summary = BackupSummary(
        vendor=manifest["database"]["vendor"],
        tables=len(manifest["tables"]),
        rows=sum(manifest["tables"].values()),
        files=dict.fromkeys(BACKUP_STORAGES, 0),
    )
    for entry in manifest["files"]:
        summary.files[entry["storage"]] = summary.files.get(entry["storage"], 0) + 1
        summary.bytes += entry["size"]
    return summary
