// Which pages of a caspian database a process had mapped in (issue #20: W6's memory). Built as
// an LD_PRELOAD library; when the process unmaps data.mdb (LMDB closing the environment), the
// page numbers of the file that were present in its page tables (/proc/self/pagemap) go to
// $MAPPED_PAGES_OUT (default /tmp/mapped-pages.txt), one a line. bench/lmdb_pages.py tells which
// table owns each. Those are the pages that the bench's VmHWM measure counts as "file".
//
//   gcc -O2 -shared -fPIC -o /tmp/mapped_pages.so bench/mapped_pages.c -ldl
//   MAPPED_PAGES_OUT=/tmp/top.txt LD_PRELOAD=/tmp/mapped_pages.so caspian query --read-only DB "..."
//   python3 bench/lmdb_pages.py DB/data.mdb /tmp/top.txt
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int dumped = 0;

// Writes the present pages of the data.mdb mapping that starts at addr, if it is one.
static void dump(void* addr) {
    FILE* maps = fopen("/proc/self/maps", "r");
    if (!maps) return;
    char line[4096];
    unsigned long long lo = 0, hi = 0, offset = 0;
    int found = 0;
    while (!found && fgets(line, sizeof line, maps)) {
        unsigned long long s, e, o;
        if (sscanf(line, "%llx-%llx %*s %llx", &s, &e, &o) != 3) continue;
        if (s == (uintptr_t)addr && strstr(line, "/data.mdb")) {
            lo = s, hi = e, offset = o, found = 1;
        }
    }
    fclose(maps);
    if (!found) return;
    dumped = 1;
    const char* path = getenv("MAPPED_PAGES_OUT");
    FILE* out = fopen(path ? path : "/tmp/mapped-pages.txt", "w");
    int pagemap = open("/proc/self/pagemap", O_RDONLY);
    if (!out || pagemap < 0) return;
    const unsigned long long page = (unsigned long long)sysconf(_SC_PAGESIZE);
    const unsigned long long pages = (hi - lo) / page;
    uint64_t entries[4096];
    for (unsigned long long i = 0; i < pages; i += 4096) {
        const unsigned long long n = pages - i < 4096 ? pages - i : 4096;
        const ssize_t got = pread(pagemap, entries, n * 8, (off_t)((lo / page + i) * 8));
        if (got <= 0) break;
        for (unsigned long long j = 0; j < (unsigned long long)got / 8; ++j) {
            if (entries[j] >> 63) fprintf(out, "%llu\n", offset / page + i + j);  // bit 63: present
        }
    }
    close(pagemap);
    fclose(out);
}

int munmap(void* addr, size_t length) {
    static int (*real_munmap)(void*, size_t) = NULL;
    if (!real_munmap) real_munmap = (int (*)(void*, size_t))dlsym(RTLD_NEXT, "munmap");
    if (!dumped) dump(addr);
    return real_munmap(addr, length);
}
