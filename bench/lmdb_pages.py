#!/usr/bin/env python3
"""Which LMDB table owns each page of a caspian data.mdb (issue #20: W6's memory).

    python3 bench/lmdb_pages.py DB/data.mdb                 # pages per table, and how interleaved
    python3 bench/lmdb_pages.py DB/data.mdb PAGES.txt ...   # of the listed pages, how many per table

PAGES.txt lists page numbers one a line (bench/mapped_pages.c writes the pages a process had
mapped in). Walks the B-tree of every named database from the newest meta page (branch, leaf and
overflow pages, and the sub-databases of DUPSORT tables); reads the file only, without LMDB.
Assumes LMDB 0.9's layout on a 64-bit little-endian machine with 4 KiB pages."""
import collections
import struct
import sys

PAGE = 4096
P_BRANCH, P_OVERFLOW, P_LEAF2 = 0x01, 0x04, 0x20
F_BIGDATA, F_SUBDATA = 0x01, 0x02
DB = struct.Struct('<IHHQQQQQ')  # MDB_db: pad, flags, depth, branch, leaf, overflow, entries, root


def meta(data, n):
    """(txnid, [free db, main db], last page) of meta page n."""
    at = n * PAGE + 16 + 4 + 4 + 8 + 8  # page header, magic, version, address, map size
    dbs = [DB.unpack_from(data, at + DB.size * i) for i in range(2)]
    last, txnid = struct.unpack_from('<QQ', data, at + 2 * DB.size)
    return txnid, dbs, last


def owners(data):
    owner = {0: 'meta', 1: 'meta'}

    def walk(root, name):
        stack = [root] if root != 0xFFFFFFFFFFFFFFFF else []
        while stack:
            pg = stack.pop()
            at = pg * PAGE
            flags, = struct.unpack_from('<H', data, at + 10)
            if flags & P_OVERFLOW:
                count, = struct.unpack_from('<I', data, at + 12)
                for i in range(count):
                    owner[pg + i] = name
                continue
            owner[pg] = name
            if flags & P_LEAF2:
                continue
            lower, = struct.unpack_from('<H', data, at + 12)
            for i in range((lower - 16) // 2):
                node = at + struct.unpack_from('<H', data, at + 16 + 2 * i)[0]
                lo, hi, nflags, ksize = struct.unpack_from('<HHHH', data, node)
                if flags & P_BRANCH:
                    stack.append(lo | hi << 16 | nflags << 32)
                elif nflags & F_BIGDATA:
                    stack.append(struct.unpack_from('<Q', data, node + 8 + ksize)[0])
                elif nflags & F_SUBDATA:
                    sub = DB.unpack_from(data, node + 8 + ksize)
                    if name == 'main':  # a named database
                        walk(sub[7], data[node + 8:node + 8 + ksize].decode())
                    else:  # a DUPSORT key's duplicates
                        walk(sub[7], name + ' (dup sub-db)')

    _, dbs, _ = max(meta(data, 0), meta(data, 1))
    walk(dbs[0][7], 'freelist')
    walk(dbs[1][7], 'main')
    return owner


def mib(pages):
    return f'{pages * PAGE / 2**20:7.1f} MiB'


def main():
    data = open(sys.argv[1], 'rb').read()
    owner = owners(data)
    total = len(data) // PAGE
    per_table = collections.Counter(owner.values())
    if len(sys.argv) == 2:
        runs = collections.Counter()
        previous = None
        for pg in range(total):
            name = owner.get(pg, 'free')
            runs[name] += name != previous
            previous = name
        print(f'{total} pages ({mib(total)})')
        for name, n in per_table.most_common():
            print(f'  {name:26s} {mib(n)}  in {runs[name]} runs of consecutive pages')
    for path in sys.argv[2:]:
        pages = [int(line) for line in open(path) if line.strip()]
        seen = collections.Counter(owner.get(pg, 'free') for pg in pages)
        print(f'{path}: {len(pages)} pages mapped ({mib(len(pages))})')
        for name, n in seen.most_common():
            print(f'  {name:26s} {n:8d} pages {mib(n)} of {mib(per_table.get(name, 0))}')


if __name__ == '__main__':
    main()
