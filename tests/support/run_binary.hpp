// Runs a built program (the `caspian` binary) to its end as a child process, without a shell
// (arguments pass as they are), and returns its exit code or signal, standard output and error;
// and shell quoting for the tests that still need a shell. POSIX only.
#pragma once

#include "support/files.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <csignal>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

extern char** environ;

namespace caspian::testing {

// s as one word for /bin/sh: in single quotes, each ' written as '\''.
inline std::string shell_quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) {
        if (c == '\'') {
            q += "'\\''";
        } else {
            q += c;
        }
    }
    return q + "'";
}

struct Outcome {
    int code = -1;   // exit code; -1 when a signal ended the program; 124 (timeout's) for a hang
    int signal = 0;  // the signal that ended the program, 0 when it exited
    std::string out;
    std::string err;
};

struct RunOptions {
    std::optional<std::string> input;  // standard input; none: /dev/null
    int timeout_seconds = 0;           // > 0: under coreutils' `timeout -k 5 N`
    // Sanitizers end the process with exit code 1: when set, their report makes it a crash
    // (SIGABRT) all the same, for the harnesses that count crashes.
    bool sanitizer_report_is_crash = false;
};

// Runs program with args; its standard streams go through stdin.txt, stdout.txt and stderr.txt
// in `scratch` (an existing directory), overwritten by each run.
inline Outcome run_binary(const std::string& program, const std::vector<std::string>& args,
                          const std::filesystem::path& scratch, const RunOptions& options = {}) {
    std::vector<std::string> full;
    if (options.timeout_seconds > 0) {
        full = {"timeout", "-k", "5", std::to_string(options.timeout_seconds)};
    }
    full.push_back(program);
    full.insert(full.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : full)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    std::string in = "/dev/null";
    if (options.input) {
        in = (scratch / "stdin.txt").string();
        write(in, *options.input);
    }
    const std::string out = (scratch / "stdout.txt").string();
    const std::string err = (scratch / "stderr.txt").string();
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, in.c_str(), O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    Outcome o;
    if (rc != 0) {
        o.err = "cannot start " + full[0] + ": " + std::string(std::strerror(rc));
        return o;
    }
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFEXITED(status)) {
        o.code = WEXITSTATUS(status);
        // timeout reports a child ended by signal N as 128 + N (124: timed out, 137: killed).
        if (options.timeout_seconds > 0 && o.code > 128 && o.code != 124) o.signal = o.code - 128;
    } else if (WIFSIGNALED(status)) {
        o.signal = WTERMSIG(status);
    }
    o.out = slurp(out);
    o.err = slurp(err);
    if (options.sanitizer_report_is_crash && o.signal == 0 &&
        (o.err.find("ERROR: AddressSanitizer") != std::string::npos ||
         o.err.find("runtime error:") != std::string::npos)) {
        o.signal = SIGABRT;
    }
    return o;
}

}  // namespace caspian::testing
