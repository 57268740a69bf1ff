"""Load the bundled places and actors into their tables, so queries join names and coordinates."""

from typing import Any

from sqlalchemy import Connection, delete

from mali_news.db.models import Actor, Place
from mali_news.db.writes import dialect_insert
from mali_news.reference.gazetteer import actors, places

PLACES = Place.__table__
ACTORS = Actor.__table__


def _replace(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    ids = [row["id"] for row in rows]
    # An entry taken out of the bundled list takes its mentions with it (ON DELETE CASCADE).
    conn.execute(delete(table).where(table.c.id.not_in(ids)))
    stmt = dialect_insert(conn, table)
    conn.execute(stmt.on_conflict_do_update(
        index_elements=["id"], set_={name: stmt.excluded[name] for name in rows[0] if name != "id"}), rows)


def sync_reference(conn: Connection) -> None:
    """Make places and actors what the bundled CSV files say."""
    _replace(conn, PLACES, [
        {"id": p.id, "name": p.name, "alternate_names": "|".join(p.alternate_names) or None,
         "kind": p.kind, "country": p.country, "admin1": p.admin1 or None, "latitude": p.lat,
         "longitude": p.lon, "source": p.source} for p in places()])
    _replace(conn, ACTORS, [
        {"id": a.id, "name": a.name, "alternate_names": "|".join(a.alternate_names) or None,
         "kind": a.kind, "description": a.description or None} for a in actors()])
