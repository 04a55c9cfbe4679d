// caspian-gen: writes a synthetic news-derived knowledge graph (issue #8) as neo4j-admin CSV
// that `caspian import` reads: one nodes-<Label>.csv per label, one edges-<TYPE>.csv per type.
// Deterministic for a seed and scale; streams rows (memory does not grow with the scale).
//
//   caspian-gen --scale tiny|small|medium|large|N --seed S --out DIR
//
// N nodes and 5N edges: 200 countries, then persons, organisations, plants, products,
// exhibitions and events. Edge endpoints follow a power law (half uniform, half 1/x by rank),
// so a few countries and people are hubs. No self-loops (every system then agrees on degrees).
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace {

// splitmix64: fast, and the same sequence on every platform (std distributions are not).
class Rng {
public:
    explicit Rng(std::uint64_t seed) : s_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    double uniform() { return double(next() >> 11) * 0x1.0p-53; }  // [0, 1)
    std::uint64_t below(std::uint64_t n) { return next() % n; }
    std::int64_t between(std::int64_t lo, std::int64_t hi) {  // inclusive
        return lo + std::int64_t(below(std::uint64_t(hi - lo + 1)));
    }
    // Half uniform, half density 1/x over the ranks 0..n-1: rank 0 is the biggest hub.
    std::uint64_t power_law(std::uint64_t n) {
        if (next() & 1) return below(n);
        const auto r = std::uint64_t(std::exp(uniform() * std::log(double(n) + 1.0))) - 1;
        return r < n ? r : n - 1;
    }

private:
    std::uint64_t s_;
};

std::uint64_t hash_name(std::string_view s) {
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : s)
        h = (h ^ c) * 1099511628211ULL;
    return h;
}

// Buffered file writer; throws nothing, reports and exits on I/O failure (a command-line tool).
class Out {
public:
    explicit Out(const std::filesystem::path& path) : path_(path) {
        f_ = std::fopen(path.c_str(), "wb");
        if (f_ == nullptr) fail();
        buf_.reserve(1 << 20);
    }
    ~Out() {
        flush();
        if (std::fclose(f_) != 0) fail();
    }
    Out(const Out&) = delete;
    Out& operator=(const Out&) = delete;
    Out& operator<<(std::string_view s) {
        buf_.append(s);
        if (buf_.size() >= (1 << 20)) flush();
        return *this;
    }
    Out& operator<<(std::int64_t v) { return *this << std::string_view(std::to_string(v)); }
    Out& operator<<(char c) { return *this << std::string_view(&c, 1); }

private:
    void flush() {
        if (!buf_.empty() && std::fwrite(buf_.data(), 1, buf_.size(), f_) != buf_.size()) fail();
        buf_.clear();
    }
    [[noreturn]] void fail() const {
        std::fprintf(stderr, "caspian-gen: cannot write '%s': %s\n", path_.c_str(),
                     std::strerror(errno));
        std::exit(1);
    }
    std::filesystem::path path_;
    std::FILE* f_ = nullptr;
    std::string buf_;
};

std::string fixed2(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.2f", v);
    return b;
}

// Days since 1970-01-01 as YYYY-MM-DD (H. Hinnant's civil_from_days).
std::string iso_date(std::int64_t days) {
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const auto doe = unsigned(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t y = std::int64_t(yoe) + era * 400 + (m <= 2);
    char b[32];
    std::snprintf(b, sizeof b, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
    return b;
}
constexpr std::int64_t days_1940 = -10957;  // 1940-01-01
constexpr std::int64_t days_2000 = 10957;   // 2000-01-01
constexpr std::int64_t days_2024 = 19723;   // 2024-01-01

std::string name(Rng& rng, int words) {
    static const char* const syl[] = {"ka",  "ro",  "mi",  "sa",  "lu",  "ve",  "to",  "na",
                                      "ber", "dan", "gor", "lin", "mar", "tes", "vol", "zan"};
    std::string s;
    for (int w = 0; w < words; ++w) {
        if (w > 0) s += ' ';
        const std::size_t start = s.size();
        const auto n = 2 + rng.below(2);
        for (std::uint64_t i = 0; i < n; ++i)
            s += syl[rng.below(16)];
        s[start] = char(s[start] - 'a' + 'A');
    }
    return s;
}

struct Label {
    const char* name;
    const char* prefix;  // keys are prefix + rank: "person-17"
    std::uint64_t count = 0;
};

enum L { Country, Person, Organisation, Plant, Product, Exhibition, Event, label_count };

struct Scale {
    std::uint64_t nodes;
    std::uint64_t edges;
};

bool parse_scale(std::string_view s, Scale& out) {
    if (s == "tiny")
        out = {2'000, 10'000};
    else if (s == "small")
        out = {10'000, 50'000};
    else if (s == "medium")
        out = {1'000'000, 5'000'000};
    else if (s == "large")
        out = {10'000'000, 50'000'000};
    else {
        const std::string text(s);  // end points into it
        char* end = nullptr;
        const unsigned long long n = std::strtoull(text.c_str(), &end, 10);
        if (text.empty() || *end != '\0' || n < 1000) return false;
        out = {n, 5 * n};
    }
    return true;
}

[[noreturn]] void usage(const char* why) {
    std::fprintf(stderr,
                 "caspian-gen: %s\nusage: caspian-gen --scale tiny|small|medium|large|N "
                 "[--seed S] --out DIR\n  (N >= 1000 nodes; edges are 5N)\n",
                 why);
    std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
    Scale scale{};
    bool have_scale = false;
    std::uint64_t seed = 8;
    std::filesystem::path dir;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (i + 1 >= argc) usage(("missing value after " + std::string(a)).c_str());
        const char* v = argv[++i];
        if (a == "--scale") {
            if (!parse_scale(v, scale)) usage("--scale wants tiny, small, medium, large or N");
            have_scale = true;
        } else if (a == "--seed") {
            char* end = nullptr;
            seed = std::strtoull(v, &end, 10);
            if (*v == '\0' || *end != '\0') usage("--seed wants an unsigned integer");
        } else if (a == "--out") {
            dir = v;
        } else {
            usage(("unknown option " + std::string(a)).c_str());
        }
    }
    if (!have_scale || dir.empty()) usage("--scale and --out are required");
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) usage(("cannot create " + dir.string() + ": " + ec.message()).c_str());

    Label labels[label_count] = {{"Country", "country-"},  {"Person", "person-"},
                                 {"Organisation", "org-"}, {"Plant", "plant-"},
                                 {"Product", "product-"},  {"Exhibition", "exhibition-"},
                                 {"Event", "event-"}};
    labels[Country].count = 200;
    const std::uint64_t rest = scale.nodes - 200;
    const double share[] = {0, 0.40, 0.12, 0.05, 0.13, 0.05};
    std::uint64_t given = 0;
    for (int l = Person; l < Event; ++l) {
        labels[l].count = std::uint64_t(double(rest) * share[l]);
        given += labels[l].count;
    }
    labels[Event].count = rest - given;

    // --- nodes -------------------------------------------------------------------------------
    const char* regions[] = {"Europe", "Asia", "Africa", "Americas", "Oceania", "Caucasus"};
    const char* categories[] = {"vehicles",  "tractors", "textiles", "chemicals",
                                "machinery", "food",     "software", "energy"};
    for (int l = 0; l < label_count; ++l) {
        const Label& lab = labels[l];
        Out out(dir / (std::string("nodes-") + lab.name + ".csv"));
        Rng rng(seed ^ hash_name(lab.name));
        static const char* const headers[] = {
            "key:ID,:LABEL,name,population:int,gdp:float,region\n",
            "key:ID,:LABEL,name,born:date,score:float,followers:int\n",
            "key:ID,:LABEL,name,founded:date,employees:int\n",
            "key:ID,:LABEL,name,capacity:float,opened:int\n",
            "key:ID,:LABEL,name,category,price:float\n",
            "key:ID,:LABEL,name,year:int,visitors:int\n",
            "key:ID,:LABEL,name,date:date,year:int\n"};
        out << headers[l];
        for (std::uint64_t i = 0; i < lab.count; ++i) {
            out << lab.prefix << std::int64_t(i) << ',' << lab.name << ',';
            switch (l) {
                case Country:
                    out << name(rng, 1) << ',' << rng.between(100'000, 150'000'000) << ','
                        << fixed2(rng.uniform() * 2000) << ',' << regions[rng.below(6)];
                    break;
                case Person:
                    out << name(rng, 2) << ',' << iso_date(rng.between(days_1940, days_2000 + 2000))
                        << ',' << fixed2(rng.uniform()) << ','
                        << std::int64_t(rng.power_law(1'000'000));
                    break;
                case Organisation:
                    out << name(rng, 2) << ',' << iso_date(rng.between(days_1940, days_2024)) << ','
                        << std::int64_t(rng.power_law(200'000) + 1);
                    break;
                case Plant:
                    out << name(rng, 1) << ',' << fixed2(rng.uniform() * 1000) << ','
                        << rng.between(1950, 2024);
                    break;
                case Product:
                    out << name(rng, 1) << ',' << categories[rng.below(8)] << ','
                        << fixed2(1 + rng.uniform() * 99'999);
                    break;
                case Exhibition:
                    out << name(rng, 2) << ',' << rng.between(2000, 2024) << ','
                        << rng.between(100, 500'000);
                    break;
                case Event: {
                    const std::string date = iso_date(rng.between(days_2000, days_2024 + 364));
                    out << name(rng, 2) << ',' << date << ','
                        << std::int64_t(std::stoll(date.substr(0, 4)));
                    break;
                }
                default:
                    break;
            }
            out << '\n';
        }
    }

    // --- edges -------------------------------------------------------------------------------
    struct Type {
        const char* name;
        L src, dst;
        const char* header;  // property columns after :START_ID,:END_ID,:TYPE
        std::uint64_t count;
        bool one_per_source = false;  // each source node gets exactly one edge (in rank order)
    };
    const std::uint64_t e = scale.edges;
    std::vector<Type> types = {
        {"VISITED", Person, Country, ",year:int,days:int", std::uint64_t(double(e) * 0.20)},
        {"HOSTS", Exhibition, Country, "", labels[Exhibition].count, true},
        {"LOCATED_IN", Organisation, Country, "", labels[Organisation].count, true},
        {"LOCATED_IN", Plant, Country, "", labels[Plant].count, true},
        {"WORKS_FOR", Person, Organisation, ",since:date,salary:float",
         std::uint64_t(double(e) * 0.12)},
        {"PRODUCES", Plant, Product, ",volume:float", std::uint64_t(double(e) * 0.05)},
        {"EXPORTS", Country, Product, ",year:int,amount:float", std::uint64_t(double(e) * 0.08)},
        {"ATTENDED", Person, Event, ",role", std::uint64_t(double(e) * 0.15)},
        {"KNOWS", Person, Person, ",since:date", std::uint64_t(double(e) * 0.20)},
        {"PART_OF", Event, Exhibition, "", 0},
    };
    std::uint64_t used = 0;
    for (const Type& t : types)
        used += t.count;
    types.back().count = e > used ? e - used : 0;

    const char* roles[] = {"guest", "speaker", "organiser", "press"};
    for (std::size_t ti = 0; ti < types.size(); ++ti) {
        const Type& t = types[ti];
        // LOCATED_IN comes from two source labels: two files, both of type LOCATED_IN.
        const std::string file = std::string("edges-") + t.name + "-" + labels[t.src].name + ".csv";
        Out out(dir / file);
        Rng rng(seed ^ hash_name(file));
        out << ":START_ID,:END_ID,:TYPE" << t.header << '\n';
        const Label& s = labels[t.src];
        const Label& d = labels[t.dst];
        for (std::uint64_t i = 0; i < t.count; ++i) {
            // HOSTS: the exhibition is the source rank, the host country the (power-law) target;
            // the edge is written country -> exhibition.
            const std::uint64_t a = t.one_per_source ? i : rng.power_law(s.count);
            std::uint64_t b = rng.power_law(d.count);
            if (t.src == t.dst) {
                while (b == a)
                    b = rng.power_law(d.count);
            }
            if (std::strcmp(t.name, "HOSTS") == 0) {
                out << d.prefix << std::int64_t(b) << ',' << s.prefix << std::int64_t(a);
            } else {
                out << s.prefix << std::int64_t(a) << ',' << d.prefix << std::int64_t(b);
            }
            out << ',' << t.name;
            switch (ti) {
                case 0:
                    out << ',' << rng.between(2000, 2024) << ',' << rng.between(1, 14);
                    break;
                case 4:
                    out << ',' << iso_date(rng.between(days_2000 - 7300, days_2024)) << ','
                        << fixed2(1000 + rng.uniform() * 9000);
                    break;
                case 5:
                    out << ',' << fixed2(rng.uniform() * 1e6);
                    break;
                case 6:
                    out << ',' << rng.between(2000, 2024) << ',' << fixed2(rng.uniform() * 1e9);
                    break;
                case 7:
                    out << ',' << roles[rng.below(4)];
                    break;
                case 8:
                    out << ',' << iso_date(rng.between(days_2000 - 7300, days_2024));
                    break;
                default:
                    break;
            }
            out << '\n';
        }
    }

    Out manifest(dir / "manifest.txt");
    manifest << "nodes " << std::int64_t(scale.nodes) << "\nedges " << std::int64_t(e) << "\nseed "
             << std::int64_t(seed) << '\n';
    return 0;
}
