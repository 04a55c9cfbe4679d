// tck_runner: runs the openCypher TCK scenarios against caspian through the public API only,
// prints a pass count per folder and gates regressions against a list of known passes.
//
// Usage: tck_runner [--features DIR] [--filter SUBSTR] [--verbose] [--expect FILE]
//                   [--write-expect FILE] [--jobs N] [--timeout SECONDS] [--no-fork]
//
// Each scenario runs in a forked child (so a crash or a hang fails one scenario, not the run)
// on a fresh database in a temporary directory, removed afterwards. Tags (@skip, @fails,
// @ignore, ...) change nothing: every scenario runs and counts, failing unless it passes.
// With --expect, exit 1 when a listed scenario fails or no longer exists; scenarios that pass
// but are not listed are printed as "newly passing". --write-expect writes the passing ids
// (only of the scenarios that ran, so use it without --filter). The last line is always
// "N passed, N failed".
//
// Decisions (the TCK and caspian classify differently):
// - Errors: the TCK's class must be the error's class (Error::error_class) and its detail the
//   error's detail (Error::detail), unless the scenario says `*`; caspian's ErrorKind is not
//   checked. Compile time and runtime are not told apart, and as caspian checks the kinds of
//   values only while running, a compile-time SyntaxError InvalidArgumentType also accepts a
//   TypeError InvalidArgumentType or InvalidArgumentValue (error_matches).
// - Side effects are what the TCK means by them: the difference between the graph before and
//   after the query, read through the Transaction API (scan_nodes, node, edges). +/-nodes and
//   +/-relationships count ids, +/-labels count distinct label names, +/-properties count
//   (entity, key, value) triples, so overwriting a property is +1 and -1. UpdateCounts is not
//   used: its labels_added counts per node and it has no property removals.
// - "Given any graph" runs on an empty graph; setup queries run without parameters.
#include "feature_parser.hpp"
#include "tck_values.hpp"

#include <caspian/database.hpp>

#include "query/procedures/registry.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <thread>

namespace caspian::tck {

namespace {

struct Options {
    std::filesystem::path features = "tests/tck/features";
    std::string filter;
    bool verbose = false;
    std::optional<std::filesystem::path> expect;
    std::optional<std::filesystem::path> write_expect;
    unsigned jobs = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
    int timeout_seconds = 20;
    bool fork = true;
};

// The graph as the TCK's side effects see it.
struct GraphState {
    std::set<std::uint64_t> nodes;
    std::set<std::uint64_t> edges;
    std::set<std::string> labels;
    std::set<std::string> properties;  // "n12.name='x'", "e3.weight=1.5"
};

GraphState read_graph(Database& db) {
    GraphState state;
    ReadTransaction txn = db.begin_read();
    std::vector<NodeId> ids;
    txn.scan_nodes([&](NodeId id) {
        ids.push_back(id);
        return true;
    });
    for (const NodeId id : ids) {
        const std::optional<Node> node = txn.node(id);
        if (!node) throw std::runtime_error("scan_nodes listed a node that node() cannot find");
        state.nodes.insert(id.value);
        state.labels.insert(node->labels.begin(), node->labels.end());
        for (const auto& [key, value] : node->properties)
            state.properties.insert("n" + std::to_string(id.value) + "." + key + "=" +
                                    render(value));
        for (const Edge& edge : txn.edges(id, Direction::Out)) {
            state.edges.insert(edge.id.value);
            for (const auto& [key, value] : edge.properties)
                state.properties.insert("e" + std::to_string(edge.id.value) + "." + key + "=" +
                                        render(value));
        }
    }
    return state;
}

template <typename T>
std::int64_t count_missing(const std::set<T>& from, const std::set<T>& in) {
    return static_cast<std::int64_t>(std::count_if(
        from.begin(), from.end(), [&](const T& x) { return in.find(x) == in.end(); }));
}

using SideEffects = std::map<std::string, std::int64_t>;

SideEffects diff(const GraphState& before, const GraphState& after) {
    return {
        {"+nodes", count_missing(after.nodes, before.nodes)},
        {"-nodes", count_missing(before.nodes, after.nodes)},
        {"+relationships", count_missing(after.edges, before.edges)},
        {"-relationships", count_missing(before.edges, after.edges)},
        {"+labels", count_missing(after.labels, before.labels)},
        {"-labels", count_missing(before.labels, after.labels)},
        {"+properties", count_missing(after.properties, before.properties)},
        {"-properties", count_missing(before.properties, after.properties)},
    };
}

// What the last query of a scenario did.
struct Outcome {
    std::string query;
    std::vector<std::string> columns;
    std::vector<std::vector<Value>> rows;
    std::optional<Error> error;
    std::optional<std::string> foreign_error;  // an exception that is not caspian::Error
    std::optional<SideEffects> side_effects;
    std::string side_effects_error;  // why side_effects is missing
};

std::string describe(const Error& e) {
    return std::string(to_string(e.kind())) + " error (" + to_string(e.error_class()) + "." +
           e.detail() + "): " + e.what();
}

class ScenarioFailure : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

Outcome execute(Database& db, const std::string& text, const Params& params,
                bool track_side_effects) {
    Outcome out;
    out.query = text;
    std::optional<GraphState> before;
    if (track_side_effects) {
        try {
            before = read_graph(db);
        } catch (const std::exception& e) {
            out.side_effects_error = std::string("reading the graph failed: ") + e.what();
        }
    }
    try {
        Result result = db.query(text, params);
        out.columns = result.columns();
        out.rows = result.all();
    } catch (const Error& e) {
        out.error = e;
    } catch (const std::exception& e) {
        out.foreign_error = e.what();
    }
    if (before) {
        try {
            out.side_effects = diff(*before, read_graph(db));
        } catch (const std::exception& e) {
            out.side_effects_error = std::string("reading the graph failed: ") + e.what();
        }
    }
    return out;
}

void require_success(const Outcome& o) {
    if (o.error) throw ScenarioFailure("query failed: " + describe(*o.error));
    if (o.foreign_error)
        throw ScenarioFailure("query threw a non-caspian exception: " + *o.foreign_error);
}

Params parse_params(const Step& step) {
    Params params;
    for (const auto& row : step.table) {
        if (row.size() != 2) throw ScenarioFailure("parameter rows need two cells");
        params.emplace_back(row[0], parse_tck_value(row[1]));
    }
    std::sort(params.begin(), params.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    return params;
}

void check_side_effects(const Step& step, const Outcome& o) {
    if (!o.side_effects) throw ScenarioFailure(o.side_effects_error);
    SideEffects expected;
    for (const auto& [key, count] : *o.side_effects)
        expected[key] = 0;
    if (step.kind == StepKind::SideEffects) {
        for (const auto& row : step.table) {
            if (row.size() != 2 || expected.find(row[0]) == expected.end())
                throw ScenarioFailure("unknown side effect row '" + row[0] + "'");
            expected[row[0]] = std::stoll(row[1]);
        }
    }
    std::string wrong;
    for (const auto& [key, count] : *o.side_effects) {
        if (expected[key] != count)
            wrong += " " + key + " expected " + std::to_string(expected[key]) + " got " +
                     std::to_string(count) + ";";
    }
    if (!wrong.empty()) throw ScenarioFailure("side effects differ:" + wrong);
}

bool error_matches(const Step& step, const Error& e) {
    const std::string_view error_class = to_string(e.error_class());
    if (step.error_type == error_class &&
        (step.error_detail == "*" || step.error_detail == e.detail()))
        return true;
    // caspian checks the kinds of values as it runs them, not when it compiles: a compile-time
    // InvalidArgumentType (labels(path), properties(1)) arrives as a TypeError, from a function
    // with the detail InvalidArgumentValue, as the TCK names a wrong kind met while running.
    return step.error_type == "SyntaxError" && step.error_phase == "compile time" &&
           step.error_detail == "InvalidArgumentType" && e.error_class() == ErrorClass::TypeError &&
           (e.detail() == "InvalidArgumentType" || e.detail() == "InvalidArgumentValue");
}

void check_error(const Step& step, const Outcome& o) {
    const std::string expected = step.error_type + " (" + step.error_detail + ")";
    if (o.foreign_error)
        throw ScenarioFailure("expected " + expected +
                              ", got a non-caspian exception: " + *o.foreign_error);
    if (!o.error)
        throw ScenarioFailure("expected " + expected + ", the query returned " +
                              std::to_string(o.rows.size()) + " rows");
    if (!error_matches(step, *o.error))
        throw ScenarioFailure("expected " + expected + ", got " + describe(*o.error));
}

// "name :: INTEGER?, other :: STRING?" -> {{"name", "INTEGER"}, {"other", "STRING"}}.
std::vector<std::pair<std::string, std::string>> parse_signature_list(std::string_view text) {
    std::vector<std::pair<std::string, std::string>> out;
    static const std::regex item(R"(\s*(\w+)\s*::\s*(\w+)\??\s*)");
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t comma = text.find(',', start);
        if (comma == std::string_view::npos) comma = text.size();
        const std::string part(text.substr(start, comma - start));
        std::smatch m;
        if (!std::regex_match(part, m, item)) throw ScenarioFailure("bad signature '" + part + "'");
        out.emplace_back(m[1], m[2]);
        start = comma + 1;
    }
    return out;
}

// "there exists a procedure test.my.proc(in :: INTEGER?) :: (out :: STRING?):" with its table
// (the arguments' columns, then the fields'), registered in the engine's test hook.
void register_procedure(const Step& step) {
    static const std::regex re(
        R"(there exists a procedure ([\w.]+)\(([^)]*)\)\s*::\s*\(([^)]*)\)\s*:)");
    std::smatch m;
    if (!std::regex_match(step.text, m, re)) throw ScenarioFailure("bad procedure step");
    auto arguments = parse_signature_list(m[2].str());
    std::vector<std::string> fields;
    for (auto& [name, type] : parse_signature_list(m[3].str()))
        fields.push_back(name);
    std::vector<std::vector<Value>> rows;
    for (std::size_t r = 1; r < step.table.size(); ++r) {
        std::vector<Value> row;
        for (const std::string& cell : step.table[r])
            row.push_back(parse_tck_value(cell));
        rows.push_back(std::move(row));
    }
    query::testing::register_table_procedure(m[1].str(), std::move(arguments), std::move(fields),
                                             std::move(rows));
}

// Runs one scenario on a fresh database in dir; throws ScenarioFailure (or anything) on failure.
void run_scenario(const Scenario& scenario, const std::filesystem::path& dir) {
    Database db = Database::open(dir);
    const bool track = std::any_of(scenario.steps.begin(), scenario.steps.end(), [](const Step& s) {
        return s.kind == StepKind::SideEffects || s.kind == StepKind::NoSideEffects;
    });
    Params params;
    query::testing::clear_test_procedures();
    std::optional<Outcome> last;
    const auto outcome = [&]() -> const Outcome& {
        if (!last) throw ScenarioFailure("no query was executed before the Then step");
        return *last;
    };
    for (const Step& step : scenario.steps) {
        const std::string where = "line " + std::to_string(step.line) + ": ";
        try {
            switch (step.kind) {
                case StepKind::EmptyGraph:
                case StepKind::AnyGraph:
                    break;
                case StepKind::HavingExecuted: {
                    if (!step.docstring) throw ScenarioFailure("setup step without a query");
                    const Outcome setup = execute(db, *step.docstring, {}, false);
                    if (setup.error)
                        throw ScenarioFailure("setup failed: " + describe(*setup.error));
                    if (setup.foreign_error)
                        throw ScenarioFailure("setup failed: " + *setup.foreign_error);
                    break;
                }
                case StepKind::Parameters:
                    params = parse_params(step);
                    break;
                case StepKind::Procedure:
                    register_procedure(step);
                    break;
                case StepKind::ExecutingQuery:
                case StepKind::ExecutingControlQuery:
                    if (!step.docstring) throw ScenarioFailure("query step without a query");
                    last = execute(db, *step.docstring, params,
                                   track && step.kind == StepKind::ExecutingQuery);
                    break;
                case StepKind::ResultRows: {
                    const Outcome& o = outcome();
                    require_success(o);
                    const ExpectedTable expected = parse_expected_table(step.table);
                    CompareOptions options;
                    options.ignore_list_order = step.ignore_list_order;
                    if (auto why =
                            compare_result(expected, o.columns, o.rows, step.in_order, options))
                        throw ScenarioFailure(*why);
                    break;
                }
                case StepKind::ResultEmpty: {
                    const Outcome& o = outcome();
                    require_success(o);
                    if (!o.rows.empty())
                        throw ScenarioFailure("expected no rows, got " +
                                              std::to_string(o.rows.size()));
                    break;
                }
                case StepKind::ErrorRaised:
                    check_error(step, outcome());
                    break;
                case StepKind::SideEffects:
                case StepKind::NoSideEffects:
                    check_side_effects(step, outcome());
                    break;
                case StepKind::Unknown:
                    throw ScenarioFailure("unsupported step '" + step.text + "'");
            }
        } catch (const ScenarioFailure& e) {
            throw ScenarioFailure(where + e.what());
        } catch (const Error& e) {
            throw ScenarioFailure(where + describe(e));
        } catch (const std::exception& e) {
            throw ScenarioFailure(where + "exception: " + e.what());
        }
    }
}

// nullopt when the scenario passed, else why it failed. Never throws.
std::optional<std::string> run_in_process(const Scenario& scenario,
                                          const std::filesystem::path& dir) {
    try {
        run_scenario(scenario, dir);
        return std::nullopt;
    } catch (const std::exception& e) {
        return std::string(e.what());
    } catch (...) {
        return std::string("unknown exception");
    }
}

std::filesystem::path temp_dir_for(std::size_t index) {
    return std::filesystem::temp_directory_path() /
           ("caspian-tck-" + std::to_string(::getpid()) + "-" + std::to_string(index));
}

void remove_dir(const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
}

struct Child {
    std::size_t index;
    std::filesystem::path dir;  // named by the parent: the child's getpid() differs
    pid_t pid;
    int fd;
    std::string output;
    std::chrono::steady_clock::time_point started;
};

// Runs scenarios[i] for every i in todo, at most jobs at a time, each in a forked child that
// reports "P" or "F<reason>" on a pipe. Fills failures[i] for those that failed.
void run_forked(const std::vector<Scenario>& scenarios, const std::vector<std::size_t>& todo,
                const Options& options, std::vector<std::optional<std::string>>& failures) {
    std::vector<Child> running;
    std::size_t next = 0;
    while (next < todo.size() || !running.empty()) {
        while (next < todo.size() && running.size() < options.jobs) {
            const std::size_t index = todo[next++];
            int fds[2];
            if (::pipe(fds) != 0) {
                failures[index] = std::string("pipe failed: ") + std::strerror(errno);
                continue;
            }
            const std::filesystem::path dir = temp_dir_for(index);
            std::cout.flush();
            std::fflush(nullptr);
            const pid_t pid = ::fork();
            if (pid < 0) {
                ::close(fds[0]);
                ::close(fds[1]);
                failures[index] = std::string("fork failed: ") + std::strerror(errno);
                continue;
            }
            if (pid == 0) {
                ::close(fds[0]);
                const auto failure = run_in_process(scenarios[index], dir);
                const std::string message = failure ? "F" + *failure : "P";
                std::size_t written = 0;
                while (written < message.size()) {
                    const ssize_t n =
                        ::write(fds[1], message.data() + written, message.size() - written);
                    if (n <= 0) break;
                    written += static_cast<std::size_t>(n);
                }
                ::_exit(0);
            }
            ::close(fds[1]);
            running.push_back({index, dir, pid, fds[0], {}, std::chrono::steady_clock::now()});
        }

        std::vector<pollfd> polls;
        for (const Child& c : running)
            polls.push_back({c.fd, POLLIN, 0});
        ::poll(polls.data(), polls.size(), 100);
        const auto now = std::chrono::steady_clock::now();
        for (std::size_t i = running.size(); i-- > 0;) {
            Child& c = running[i];
            bool done = false;
            if (polls[i].revents != 0) {
                char buf[4096];
                const ssize_t n = ::read(c.fd, buf, sizeof buf);
                if (n > 0) {
                    c.output.append(buf, static_cast<std::size_t>(n));
                } else if (n == 0 || errno != EINTR) {
                    done = true;
                }
            }
            const bool timed_out =
                !done && now - c.started > std::chrono::seconds(options.timeout_seconds);
            if (timed_out) ::kill(c.pid, SIGKILL);
            if (!done && !timed_out) continue;
            ::close(c.fd);
            int status = 0;
            while (::waitpid(c.pid, &status, 0) < 0 && errno == EINTR) {
            }
            if (timed_out) {
                failures[c.index] =
                    "timed out after " + std::to_string(options.timeout_seconds) + " s";
            } else if (WIFSIGNALED(status)) {
                failures[c.index] = "crashed with signal " + std::to_string(WTERMSIG(status)) +
                                    " (" + ::strsignal(WTERMSIG(status)) + ")";
            } else if (c.output.empty()) {
                failures[c.index] = "exited with status " + std::to_string(WEXITSTATUS(status)) +
                                    " without reporting";
            } else if (c.output[0] != 'P') {
                failures[c.index] = c.output.substr(1);
            }
            remove_dir(c.dir);
            running.erase(running.begin() + static_cast<std::ptrdiff_t>(i));
        }
    }
}

std::set<std::string> read_expect(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) throw std::runtime_error("cannot read " + file.string());
    std::set<std::string> ids;
    std::string line;
    while (std::getline(in, line)) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
            line.pop_back();
        if (line.empty() || line.front() == '#') continue;
        ids.insert(line);
    }
    return ids;
}

void write_expect(const std::filesystem::path& file, const std::set<std::string>& ids) {
    std::ofstream out(file);
    if (!out) throw std::runtime_error("cannot write " + file.string());
    out << "# openCypher TCK scenarios known to pass; tck_runner --expect fails when one of\n"
           "# them fails. Regenerate with: tck_runner --features DIR --write-expect FILE\n";
    for (const std::string& id : ids)
        out << id << '\n';
}

int usage(const char* what) {
    std::cerr << "tck_runner: " << what
              << "\nusage: tck_runner [--features DIR] [--filter SUBSTR] [--verbose]"
                 " [--expect FILE] [--write-expect FILE] [--jobs N] [--timeout SECONDS]"
                 " [--no-fork]\n";
    return 2;
}

int run(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        const auto value = [&]() -> std::optional<std::string> {
            if (i + 1 >= argc) return std::nullopt;
            return std::string(argv[++i]);
        };
        std::optional<std::string> v;
        if (arg == "--verbose" || arg == "-v") {
            options.verbose = true;
        } else if (arg == "--no-fork") {
            options.fork = false;
        } else if (arg == "--features" && (v = value())) {
            options.features = *v;
        } else if (arg == "--filter" && (v = value())) {
            options.filter = *v;
        } else if (arg == "--expect" && (v = value())) {
            options.expect = *v;
        } else if (arg == "--write-expect" && (v = value())) {
            options.write_expect = *v;
        } else if (arg == "--jobs" && (v = value())) {
            options.jobs = static_cast<unsigned>(std::max(1, std::atoi(v->c_str())));
        } else if (arg == "--timeout" && (v = value())) {
            options.timeout_seconds = std::max(1, std::atoi(v->c_str()));
        } else {
            return usage(("bad argument '" + std::string(arg) + "'").c_str());
        }
    }
    if (!std::filesystem::is_directory(options.features))
        return usage(("no features directory " + options.features.string()).c_str());

    std::vector<Scenario> scenarios;
    std::vector<std::string> parse_errors;
    for (const auto& file : find_feature_files(options.features)) {
        try {
            Feature feature = parse_feature_file(file, options.features);
            for (Scenario& s : feature.scenarios) {
                if (s.id().find(options.filter) != std::string::npos)
                    scenarios.push_back(std::move(s));
            }
        } catch (const std::exception& e) {
            parse_errors.push_back(e.what());
        }
    }

    std::vector<std::optional<std::string>> failures(scenarios.size());
    std::vector<std::size_t> todo(scenarios.size());
    for (std::size_t i = 0; i < todo.size(); ++i)
        todo[i] = i;
    if (options.fork) {
        run_forked(scenarios, todo, options, failures);
    } else {
        for (const std::size_t i : todo) {
            const std::filesystem::path dir = temp_dir_for(i);
            failures[i] = run_in_process(scenarios[i], dir);
            remove_dir(dir);
        }
    }

    std::set<std::string> passing;
    std::map<std::string, std::pair<int, int>> folders;  // passed, total
    for (std::size_t i = 0; i < scenarios.size(); ++i) {
        auto& [passed, total] = folders[scenarios[i].folder()];
        ++total;
        if (!failures[i]) {
            ++passed;
            passing.insert(scenarios[i].id());
        } else if (options.verbose) {
            std::string reason = *failures[i];
            for (std::size_t p = 0; (p = reason.find('\n', p)) != std::string::npos; p += 2)
                reason.replace(p, 1, "\n  ");
            std::cout << "FAIL " << scenarios[i].id() << ": " << reason << '\n';
        }
    }
    for (const std::string& e : parse_errors)
        std::cout << "feature parse error: " << e << '\n';
    for (const auto& [folder, counts] : folders)
        std::cout << folder << ": " << counts.first << "/" << counts.second << " passed\n";
    const std::size_t failed = scenarios.size() - passing.size() + parse_errors.size();
    std::cout << "total: " << passing.size() << "/" << scenarios.size() << " passed\n";

    int status = parse_errors.empty() ? 0 : 1;
    if (options.write_expect) write_expect(*options.write_expect, passing);
    if (options.expect) {
        std::set<std::string> all_ids;
        for (const Scenario& s : scenarios)
            all_ids.insert(s.id());
        const std::set<std::string> expected = read_expect(*options.expect);
        int regressions = 0;
        for (const std::string& id : expected) {
            if (passing.count(id) != 0) continue;
            if (all_ids.count(id) == 0) {
                if (!options.filter.empty()) continue;  // filtered out, not run
                std::cout << "expected to pass but not found: " << id << '\n';
            } else {
                std::cout << "REGRESSION, expected to pass: " << id << '\n';
            }
            ++regressions;
        }
        std::vector<std::string> fresh;
        for (const std::string& id : passing)
            if (expected.count(id) == 0) fresh.push_back(id);
        constexpr std::size_t shown = 20;
        for (std::size_t i = 0; i < fresh.size() && i < shown; ++i)
            std::cout << "newly passing: " << fresh[i] << '\n';
        if (fresh.size() > shown)
            std::cout << "newly passing: ... and " << fresh.size() - shown
                      << " more (list them with --write-expect FILE)\n";
        if (regressions > 0) {
            std::cout << regressions << " scenario(s) listed in " << options.expect->string()
                      << " no longer pass\n";
            status = 1;
        }
    }
    std::cout << passing.size() << " passed, " << failed << " failed" << std::endl;
    return status;
}

}  // namespace

}  // namespace caspian::tck

int main(int argc, char** argv) {
    try {
        return caspian::tck::run(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "tck_runner: " << e.what() << '\n';
        return 1;
    }
}
