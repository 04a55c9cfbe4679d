// A terminal for tests that type keys and read the screen as a user sees it: a command runs in
// its own tmux server (socket in a scratch directory) on a window of a fixed size, in a UTF-8
// locale, with HOME set to the scratch directory (so history files stay there).
#pragma once

#include "support/run_binary.hpp"

#include <chrono>
#include <filesystem>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace caspian::testing {

class Terminal {
public:
    Terminal(const std::filesystem::path& scratch, const std::string& command, int columns = 80,
             int lines = 24)
        : scratch_(scratch), socket_((scratch / "tmux.sock").string()) {
        std::filesystem::create_directories(scratch / "tmux-io");
        started_ =
            tmux({"new-session", "-d", "-x", std::to_string(columns), "-y", std::to_string(lines),
                  "-e", "HOME=" + scratch.string(), "-e", "LANG=C.UTF-8", command})
                .code == 0;
    }
    ~Terminal() { tmux({"kill-server"}); }
    Terminal(const Terminal&) = delete;
    Terminal& operator=(const Terminal&) = delete;

    // False when tmux could not start the command (tmux missing: scripts/setup installs it).
    bool started() const { return started_; }

    // Types text as keys, literally.
    void type(std::string_view text) {
        // tmux ends a command at an argument's trailing ';': send each ';' escaped on its own.
        std::string piece;
        for (char c : text) {
            if (c != ';') {
                piece += c;
                continue;
            }
            if (!piece.empty()) tmux({"send-keys", "-l", piece});
            piece.clear();
            tmux({"send-keys", "-l", "\\;"});
        }
        if (!piece.empty()) tmux({"send-keys", "-l", piece});
    }

    // Presses a key by tmux's name: "Enter", "Tab", "C-c", "Up", "BSpace".
    void press(const std::string& key) { tmux({"send-keys", key}); }

    // The screen and the rows scrolled off it, one line per row, trailing spaces removed. When
    // the pane is gone (its command ended and so did tmux), says so instead of showing nothing.
    std::string screen() {
        const Outcome r = tmux({"capture-pane", "-p", "-S", "-"});
        if (r.code != 0)
            return "(no screen: tmux capture-pane exited " + std::to_string(r.code) + ": " + r.err +
                   ")";
        return r.out;
    }

    // How many times the screen (with its scrolled rows) shows text.
    std::size_t count(std::string_view text) {
        const std::string s = screen();
        std::size_t n = 0;
        for (auto at = s.find(text); at != std::string::npos; at = s.find(text, at + text.size()))
            ++n;
        return n;
    }

    // The screen's rows that are not empty.
    std::vector<std::string> rows() {
        std::vector<std::string> out;
        std::istringstream in(screen());
        for (std::string line; std::getline(in, line);) {
            if (!line.empty()) out.push_back(line);
        }
        return out;
    }

    // Waits until the screen shows text (true), or 10 s passed (false). Not a timing check: the
    // limit only ends a test whose program never answers.
    // times: until it shows text that many times.
    bool wait_for(std::string_view text, std::size_t times = 1) {
        for (int i = 0; i < 200; ++i) {
            if (count(text) >= times) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return false;
    }

    // The last non-empty row: where the cursor's line usually is.
    std::string last_row() {
        const auto r = rows();
        return r.empty() ? std::string() : r.back();
    }

private:
    Outcome tmux(std::vector<std::string> args) {
        args.insert(args.begin(), {"LANG=C.UTF-8", "tmux", "-u", "-S", socket_});
        return run_binary("env", args, scratch_ / "tmux-io", {});
    }

    std::filesystem::path scratch_;
    std::string socket_;
    bool started_ = false;
};

}  // namespace caspian::testing
