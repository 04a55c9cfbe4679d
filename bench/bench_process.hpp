// What the search benchmarks measure of their own process: wall and CPU time, and the peak of
// the heap (anonymous resident memory) while an index is built. Linux (/proc/self/status).
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

#include <time.h>

namespace caspian::bench {

using Clock = std::chrono::steady_clock;

// A kB figure of /proc/self/status ("VmHWM", "RssAnon"); 0 when absent.
inline long status_kb(const std::string& field) {
    std::ifstream in("/proc/self/status");
    for (std::string line; std::getline(in, line);) {
        if (line.rfind(field + ":", 0) == 0) return std::atol(line.c_str() + field.size() + 1);
    }
    return 0;
}

// Samples the anonymous (heap) part of the resident set while it lives: the page cache of the
// memory-mapped database is not the index's memory.
class PeakHeap {
public:
    PeakHeap()
        : thread_([this] {
              while (!stop_) {
                  peak_ = std::max(peak_.load(), status_kb("RssAnon"));
                  std::this_thread::sleep_for(std::chrono::milliseconds(20));
              }
          }) {}
    ~PeakHeap() { stop(); }
    PeakHeap(const PeakHeap&) = delete;
    PeakHeap& operator=(const PeakHeap&) = delete;
    long stop() {
        stop_ = true;
        if (thread_.joinable()) thread_.join();
        return peak_;
    }

private:
    std::atomic<bool> stop_{false};
    std::atomic<long> peak_{0};
    std::thread thread_;
};

inline double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// CPU seconds of this process so far: on a shared machine wall time mostly counts the wait for
// a core.
inline double cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return double(t.tv_sec) + double(t.tv_nsec) / 1e9;
}

}  // namespace caspian::bench
