// The query language and BM25 ranking of graph/fulltext_search.hpp: a recursive-descent parser
// into clauses (Lucene's should/must/must-not), then scores per document from the postings.
#include "graph/fulltext_search.hpp"

#include "graph/graph_store.hpp"
#include "graph/keys.hpp"

#include <caspian/error.hpp>

#include <algorithm>
#include <cmath>
#include <memory>
#include <unordered_map>

namespace caspian::graph {

using storage::as_val;
using storage::as_view;
using storage::Cursor;

namespace {

constexpr int max_depth = 32;

enum class Occur { Should, Must, MustNot };
enum class Kind { Term, Phrase, Prefix, Fuzzy, Group };

struct Clause;
struct QueryNode {
    Kind kind = Kind::Group;
    std::string text;
    std::optional<std::uint32_t> field;
    std::size_t max_edits = 2;
    std::size_t offset = 0;  // in the query string, for messages
    std::vector<Clause> clauses;
};
struct Clause {
    Occur occur = Occur::Should;
    QueryNode node;
};

std::size_t column(std::string_view text, std::size_t offset) {
    std::size_t col = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++col;
    }
    return col;
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

class QueryParser {
public:
    QueryParser(std::string_view query, const GraphReader& reader, const FulltextIndex& index)
        : q_(query), reader_(reader), index_(index) {}

    QueryNode parse() {
        QueryNode root = group(0, std::nullopt);
        if (pos_ < q_.size()) fail(pos_, "')' without a matching '('");
        if (root.clauses.empty()) fail(0, "the query has no terms");
        return root;
    }

    [[noreturn]] void fail(std::size_t offset, const std::string& what) const {
        throw Error(ErrorKind::Syntax, "invalid full-text query at column " +
                                           std::to_string(column(q_, offset)) + ": " + what);
    }

private:
    void skip_space() {
        while (pos_ < q_.size() && is_space(q_[pos_]))
            ++pos_;
    }

    bool at_boundary(std::size_t at) const {
        return at >= q_.size() || is_space(q_[at]) || q_[at] == '(' || q_[at] == '"';
    }

    // An operator word (AND, OR, NOT, upper case as in Lucene) or symbol at pos_.
    bool take(std::string_view op) {
        if (q_.substr(pos_, op.size()) != op || !at_boundary(pos_ + op.size())) {
            if (op.size() == 2 && (op == "&&" || op == "||") && q_.substr(pos_, 2) == op) {
                pos_ += 2;
                return true;
            }
            return false;
        }
        pos_ += op.size();
        return true;
    }

    QueryNode group(int depth, std::optional<std::uint32_t> field) {
        if (depth > max_depth) fail(pos_, "groups nest deeper than 32");
        QueryNode g;
        g.offset = pos_;
        std::optional<std::pair<std::size_t, std::string>> pending;  // AND / NOT awaiting a term
        bool negate = false, require = false;
        for (;;) {
            skip_space();
            if (pos_ >= q_.size() || q_[pos_] == ')') break;
            const std::size_t at = pos_;
            if (take("AND") || take("&&")) {
                if (g.clauses.empty() || pending) fail(at, "expected a term before 'AND'");
                if (g.clauses.back().occur == Occur::Should) g.clauses.back().occur = Occur::Must;
                require = true;
                pending = std::pair(at, std::string("AND"));
                continue;
            }
            if (take("OR") || take("||")) {
                if (g.clauses.empty() || pending) fail(at, "expected a term before 'OR'");
                pending = std::pair(at, std::string("OR"));
                continue;
            }
            if (take("NOT") || (q_[pos_] == '!' && (++pos_, true))) {
                negate = true;
                pending = std::pair(at, std::string("NOT"));
                continue;
            }
            Occur occur = Occur::Should;
            if (q_[pos_] == '+' || q_[pos_] == '-') {
                occur = q_[pos_] == '+' ? Occur::Must : Occur::MustNot;
                ++pos_;
            }
            QueryNode node = primary(depth, field);
            if (negate) {
                occur = Occur::MustNot;
            } else if (require && occur == Occur::Should) {
                occur = Occur::Must;
            }
            negate = require = false;
            pending.reset();
            g.clauses.push_back({occur, std::move(node)});
        }
        if (pending) fail(pending->first, "expected a term after '" + pending->second + "'");
        return g;
    }

    QueryNode primary(int depth, std::optional<std::uint32_t> field) {
        skip_space();
        const std::size_t at = pos_;
        if (pos_ >= q_.size() || q_[pos_] == ')') fail(pos_, "expected a term");
        if (q_[pos_] == '(') {
            ++pos_;
            QueryNode g = group(depth + 1, field);
            if (pos_ >= q_.size()) {
                fail(at, "'(' without a matching ')'");
            }
            ++pos_;
            return g;
        }
        if (q_[pos_] == '"') {
            QueryNode phrase;
            phrase.kind = Kind::Phrase;
            phrase.offset = at;
            phrase.field = field;
            for (++pos_;; ++pos_) {
                if (pos_ >= q_.size()) fail(at, "the phrase has no closing '\"'");
                if (q_[pos_] == '\\' && pos_ + 1 < q_.size()) {
                    phrase.text += q_[++pos_];
                } else if (q_[pos_] == '"') {
                    ++pos_;
                    break;
                } else {
                    phrase.text += q_[pos_];
                }
            }
            return phrase;
        }
        // A word, up to a space, a bracket or a quote; a backslash escapes the next byte.
        std::string word;
        bool last_escaped = false;
        std::optional<std::size_t> colon;
        while (pos_ < q_.size() && !is_space(q_[pos_]) && q_[pos_] != '(' && q_[pos_] != ')' &&
               q_[pos_] != '"') {
            last_escaped = q_[pos_] == '\\' && pos_ + 1 < q_.size();
            if (last_escaped) ++pos_;
            if (!last_escaped && q_[pos_] == ':' && !colon && !word.empty()) {
                colon = word.size();
                ++pos_;
                break;
            }
            word += q_[pos_++];
        }
        if (colon) {
            if (field) fail(at, "a field inside a field ('" + word + ":')");
            std::optional<std::uint32_t> f;
            if (auto property = reader_.find_name<NameKind::Property>(word))
                f = index_.field(*property);
            if (!f) fail(at, "the index '" + index_.name + "' has no property '" + word + "'");
            if (pos_ >= q_.size() || is_space(q_[pos_])) fail(pos_, "expected a term after ':'");
            return primary(depth, f);
        }
        QueryNode term;
        term.offset = at;
        term.field = field;
        term.kind = Kind::Term;
        if (!last_escaped && word.size() > 1 && word.back() == '*') {
            word.pop_back();
            term.kind = Kind::Prefix;
        } else if (const auto tilde = word.rfind('~'); tilde != std::string::npos && tilde > 0) {
            const std::string edits = word.substr(tilde + 1);
            if (edits.size() > 1 || (edits.size() == 1 && (edits[0] < '0' || edits[0] > '2'))) {
                fail(at + tilde, "a fuzzy term allows 0, 1 or 2 edits ('~', '~1', '~2')");
            }
            term.max_edits = edits.empty() ? 2 : std::size_t(edits[0] - '0');
            word.resize(tilde);
            term.kind = Kind::Fuzzy;
        }
        if (word.empty() || word == "*") fail(at, "expected a term");
        term.text = std::move(word);
        return term;
    }

    std::string_view q_;
    std::size_t pos_ = 0;
    const GraphReader& reader_;
    const FulltextIndex& index_;
};

using Scores = std::unordered_map<std::uint64_t, double>;
using Ids = std::vector<std::uint64_t>;  // ascending
using Occurrences = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

Occurrences decode_occurrences(std::string_view bytes) {
    storage::Reader r(bytes);
    Occurrences out;
    for (std::uint64_t n = r.varint(); n > 0; --n) {
        const std::uint64_t field = r.varint(), position = r.varint();
        if (field > UINT32_MAX || position > UINT32_MAX) {
            throw Error(ErrorKind::Corrupt, "a full-text posting is corrupt");
        }
        out.emplace_back(std::uint32_t(field), std::uint32_t(position));
    }
    if (!r.at_end()) throw Error(ErrorKind::Corrupt, "a full-text posting is corrupt");
    return out;
}

// The value of key, found by a cursor kept between calls: LMDB then searches only the cursor's
// leaf page when key falls on it, which ascending keys (a posting list's ids) mostly do.
// An optimisation of Txn::get only.
std::optional<std::string_view> seek(Cursor& c, std::string_view key) {
    MDB_val k = as_val(key), v;
    if (!c.move(MDB_SET_KEY, &k, &v)) return std::nullopt;
    return as_view(v);
}

std::uint64_t decode_varint(std::string_view bytes) {
    storage::Reader r(bytes);
    const std::uint64_t n = r.varint();
    if (!r.at_end()) throw Error(ErrorKind::Corrupt, "a full-text entry is corrupt");
    return n;
}

class Searcher {
public:
    Searcher(const GraphReader& reader, const FulltextIndex& index, std::string_view query)
        : reader_(reader),
          index_(index),
          query_(query),
          stats_(fulltext_stats(reader, index.id)),
          lengths_(reader.txn(), reader.txn().tables().fulltext) {
        avg_length_ =
            stats_.documents == 0 ? 1.0 : double(stats_.tokens) / double(stats_.documents);
    }

    // nullopt: a clause that analysis left without terms (stop words): it is dropped. With
    // within, only those documents are scored (the others cannot be in the caller's answer).
    std::optional<Scores> eval(const QueryNode& node, const Ids* within = nullptr) {
        switch (node.kind) {
            case Kind::Group:
                return group(node, within);
            case Kind::Term:
            case Kind::Phrase: {
                const std::vector<Token> tokens = analyze(index_.analyzer, node.text);
                if (tokens.empty()) return std::nullopt;
                return phrase(tokens, node.field, within);
            }
            case Kind::Prefix:
            case Kind::Fuzzy:
                return expanded(node, within);
        }
        return std::nullopt;
    }

private:
    static Ids ids_of(const Scores& scores) {
        Ids ids;
        ids.reserve(scores.size());
        for (const auto& entry : scores)
            ids.push_back(entry.first);
        std::sort(ids.begin(), ids.end());
        return ids;
    }

    // Required clauses first, then the optional ones and the exclusions only over the documents
    // still in the answer: `a AND NOT common` reads common's postings for a's documents alone.
    // Each document's sums add the same scores in the same order as clause by clause would.
    std::optional<Scores> group(const QueryNode& g, const Ids* within) {
        std::optional<Scores> required;
        Ids candidates;  // required's documents
        bool any = false;
        for (const Clause& c : g.clauses) {
            if (c.occur != Occur::Must) continue;
            std::optional<Scores> s = eval(c.node, required ? &candidates : within);
            if (!s) continue;
            any = true;
            if (!required) {
                required = std::move(*s);
            } else {
                Scores both;
                for (const auto& [id, score] : *required) {
                    if (auto it = s->find(id); it != s->end()) both[id] = score + it->second;
                }
                required = std::move(both);
            }
            candidates = ids_of(*required);
        }
        Scores optional;
        for (const Clause& c : g.clauses) {
            if (c.occur != Occur::Should) continue;
            std::optional<Scores> s = eval(c.node, required ? &candidates : within);
            if (!s) continue;
            any = true;
            for (const auto& [id, score] : *s)
                optional[id] += score;
        }
        Scores out;
        if (required) {
            out = std::move(*required);
            for (auto& [id, score] : out) {
                if (auto it = optional.find(id); it != optional.end()) score += it->second;
            }
        } else {
            out = std::move(optional);
        }
        const Ids remaining = ids_of(out);
        for (const Clause& c : g.clauses) {
            if (c.occur != Occur::MustNot) continue;
            std::optional<Scores> s = eval(c.node, &remaining);
            if (!s) continue;
            any = true;
            for (const auto& entry : *s)
                out.erase(entry.first);
        }
        if (!any) return std::nullopt;
        return out;
    }

    std::uint64_t document_frequency(std::string_view term) const {
        const auto v =
            reader_.txn().get(reader_.txn().tables().fulltext, fulltext_term_key(index_.id, term));
        return v ? decode_varint(*v) : 0;
    }

    double idf(std::uint64_t df) const {
        const double n = double(stats_.documents), f = double(df);
        return std::log(1.0 + (n - f + 0.5) / (f + 0.5));
    }

    double bm25(double frequency, std::uint64_t id, double weight) {
        const auto v = seek(lengths_, fulltext_length_key(index_.id, id));
        if (!v)
            throw Error(ErrorKind::Corrupt,
                        "a full-text posting names a document without a length");
        const double length = double(decode_varint(*v));
        return weight * frequency * (bm25_k1 + 1) /
               (frequency + bm25_k1 * (1 - bm25_b + bm25_b * length / avg_length_));
    }

    void postings(std::string_view term,
                  const std::function<void(std::uint64_t, std::string_view)>& visit) const {
        std::string prefix = fulltext_prefix(FulltextEntry::Posting, index_.id);
        prefix += term;
        prefix += '\0';
        Cursor c(reader_.txn(), reader_.txn().tables().fulltext);
        MDB_val k = as_val(prefix), v;
        for (bool ok = c.move(MDB_SET_RANGE, &k, &v); ok && as_view(k).starts_with(prefix);
             ok = c.move(MDB_NEXT, &k, &v)) {
            const auto posting = decode_fulltext_posting(index_.id, as_view(k));
            if (!posting) throw Error(ErrorKind::Corrupt, "a full-text posting key is corrupt");
            visit(posting->second, as_view(v));
        }
    }

    // Terms at consecutive positions (as analysis placed them) in one field; one token is a term.
    // With within, only those documents: looked up one by one when they are fewer than the
    // term's postings, else the postings are read and the others skipped.
    Scores phrase(const std::vector<Token>& tokens, std::optional<std::uint32_t> field,
                  const Ids* within) {
        Scores out;
        double weight = 0;
        for (const Token& t : tokens)
            weight += idf(document_frequency(t.term));
        const std::uint64_t df = document_frequency(tokens[0].term);
        out.reserve(within ? std::min<std::uint64_t>(df, within->size()) : df);
        // One cursor per term: the ids come in ascending order (see seek).
        std::vector<std::unique_ptr<Cursor>> cursors;
        for (std::size_t i = 0; i < tokens.size(); ++i)
            cursors.push_back(
                std::make_unique<Cursor>(reader_.txn(), reader_.txn().tables().fulltext));
        const auto visit = [&](std::uint64_t id, std::string_view bytes) {
            std::vector<Occurrences> others;
            for (std::size_t i = 1; i < tokens.size(); ++i) {
                const auto v =
                    seek(*cursors[i], fulltext_posting_key(index_.id, tokens[i].term, id));
                if (!v) return;
                others.push_back(decode_occurrences(*v));
            }
            std::uint64_t frequency = 0;
            for (const auto& [f, p] : decode_occurrences(bytes)) {
                if (field && f != *field) continue;
                bool all = true;
                for (std::size_t i = 1; i < tokens.size() && all; ++i) {
                    const std::pair<std::uint32_t, std::uint32_t> want(
                        f, p + tokens[i].position - tokens[0].position);
                    all = std::binary_search(others[i - 1].begin(), others[i - 1].end(), want);
                }
                if (all) ++frequency;
            }
            if (frequency > 0) out[id] = bm25(double(frequency), id, weight);
        };
        if (within && within->size() < df) {
            for (std::uint64_t id : *within) {
                const auto v =
                    seek(*cursors[0], fulltext_posting_key(index_.id, tokens[0].term, id));
                if (v) visit(id, *v);
            }
        } else {
            postings(tokens[0].term, [&](std::uint64_t id, std::string_view bytes) {
                if (!within || std::binary_search(within->begin(), within->end(), id))
                    visit(id, bytes);
            });
        }
        return out;
    }

    // prefix* and fuzzy~: the best of the matching terms' scores per document.
    std::optional<Scores> expanded(const QueryNode& node, const Ids* within) {
        const std::string folded = fold_term(node.text);
        if (folded.empty()) return std::nullopt;
        std::vector<std::string> terms;
        const std::string vocabulary = fulltext_prefix(FulltextEntry::Term, index_.id);
        const std::string start = node.kind == Kind::Prefix ? vocabulary + folded : vocabulary;
        Cursor c(reader_.txn(), reader_.txn().tables().fulltext);
        MDB_val k = as_val(start), v;
        for (bool ok = c.move(MDB_SET_RANGE, &k, &v); ok && as_view(k).starts_with(start);
             ok = c.move(MDB_NEXT, &k, &v)) {
            const std::string_view term = as_view(k).substr(vocabulary.size());
            if (node.kind == Kind::Fuzzy &&
                term_distance(folded, term, node.max_edits) > node.max_edits) {
                continue;
            }
            if (terms.size() == max_expansions) {
                throw Error(ErrorKind::Resource,
                            "the full-text query term '" + node.text + "' at column " +
                                std::to_string(column(query_, node.offset)) +
                                " matches more than " + std::to_string(max_expansions) + " terms");
            }
            terms.emplace_back(term);
        }
        Scores out;
        for (const std::string& term : terms) {
            for (const auto& [id, score] : phrase({Token{term, 0}}, node.field, within)) {
                double& best = out[id];
                best = std::max(best, score);
            }
        }
        return out;
    }

    const GraphReader& reader_;
    const FulltextIndex& index_;
    std::string_view query_;
    FulltextStats stats_;
    double avg_length_ = 1;
    Cursor lengths_;  // for bm25's document lengths
};

}  // namespace

std::vector<FulltextHit> fulltext_search(const GraphReader& reader, const FulltextIndex& index,
                                         std::string_view query, std::uint64_t skip,
                                         std::optional<std::uint64_t> limit) {
    QueryParser parser(query, reader, index);
    const QueryNode root = parser.parse();
    std::vector<FulltextHit> hits;
    if (!reader.txn().tables().has_fulltext) return hits;
    Searcher searcher(reader, index, query);
    const std::optional<Scores> scores = searcher.eval(root);
    if (!scores) return hits;
    hits.reserve(scores->size());
    for (const auto& [id, score] : *scores)
        hits.push_back({id, score});
    // Only the page asked for is ordered: a common term's hits are most of the index.
    const std::size_t from = std::min<std::uint64_t>(skip, hits.size());
    const std::size_t to =
        limit ? std::min<std::uint64_t>(hits.size() - from, *limit) + from : hits.size();
    std::partial_sort(hits.begin(), hits.begin() + long(to), hits.end(),
                      [](const FulltextHit& a, const FulltextHit& b) {
                          return a.score != b.score ? a.score > b.score : a.id < b.id;
                      });
    hits.resize(to);
    hits.erase(hits.begin(), hits.begin() + long(from));
    return hits;
}

}  // namespace caspian::graph
