"""When a content file need not be read again: its status is what a build recorded.

A build records, for each file it read, the file's status (device, inode,
size, modification and change times), the digest of the bytes it read and
when it read them. A later build that finds the same status, on a file
whose change time is older than that reading by a margin, knows the bytes
without reading them, as git's index does. The change time cannot be set by
hand (the modification time can: `touch -d`, an archive, rsync), and every
write or rename moves it; the margin covers file systems that keep times
coarsely, where a write just after a reading could share its tick.
"""

from __future__ import annotations

import os

SETTLED_NS = 2_000_000_000  # a file changed this long before it was read kept its bytes since

Status = tuple[int, int, int, int, int]  # device, inode, size, modification and change time (ns)
# What a build read of a file: its status just before, the digest of its bytes, when it was read.
Seen = tuple[Status, str, int]


def status_of(path: str) -> Status | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def known_digest(status: Status | None, seen: Seen | None) -> str | None:
    """The digest of the file's bytes when `seen` still describes them, else None."""
    if status is None or seen is None or not isinstance(seen, tuple) or len(seen) != 3:
        return None
    recorded, digest_, read_ns = seen
    if recorded != status or status[4] >= read_ns - SETTLED_NS:
        return None
    return digest_
