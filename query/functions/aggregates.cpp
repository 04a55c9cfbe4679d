// The aggregate functions behind the Aggregator interface: the plain ones over InlineState
// (aggregates.hpp), collect, stDev, stDevP, percentileCont, percentileDisc, and DISTINCT as a
// wrapper that passes each equivalent value on once.
#include "query/functions/aggregates.hpp"
#include "query/functions/id_set.hpp"
#include "query/functions/scalar.hpp"
#include "value/text.hpp"

#include <cmath>
#include <memory>
#include <unordered_set>
#include <vector>

namespace caspian::query {

namespace {

// count(*), count, sum, avg, min and max: the operator's inline state behind the Aggregator
// interface.
class Simple final : public Aggregator {
public:
    explicit Simple(InlineKind kind) : kind_(kind) {}
    Value result() const override { return state_.result(kind_); }

protected:
    void accept(const Value& v, const Value*) override { state_.add(kind_, v); }

private:
    InlineKind kind_;
    InlineState state_;
};

class Collect final : public Aggregator {
public:
    Value result() const override { return Value(items_); }

protected:
    void accept(const Value& v, const Value*) override {
        if (!v.is_null()) items_.push_back(v);
    }

private:
    List items_;
};

class StDev final : public Aggregator {
public:
    explicit StDev(bool population) : population_(population) {}
    Value result() const override {
        const std::int64_t denominator = population_ ? n_ : n_ - 1;
        if (denominator <= 0) return Value(0.0);
        return Value(std::sqrt(m2_ / static_cast<double>(denominator)));
    }

protected:
    // Welford's online algorithm: numerically stable in one pass.
    void accept(const Value& v, const Value*) override {
        if (v.is_null()) return;
        const double x = number(population_ ? "stDevP" : "stDev", v);
        ++n_;
        const double delta = x - mean_;
        mean_ += delta / static_cast<double>(n_);
        m2_ += delta * (x - mean_);
    }

private:
    bool population_;
    std::int64_t n_ = 0;
    double mean_ = 0, m2_ = 0;
};

class Percentile final : public Aggregator {
public:
    explicit Percentile(bool continuous) : continuous_(continuous) {}
    Value result() const override {
        if (values_.empty()) return Value{};
        std::vector<Value> sorted = values_;
        std::sort(sorted.begin(), sorted.end(),
                  [](const Value& a, const Value& b) { return order_compare(a, b) < 0; });
        const auto n = static_cast<double>(sorted.size());
        if (continuous_) {
            const double pos = percentile_ * (n - 1);
            const auto lo = static_cast<std::size_t>(std::floor(pos));
            const auto hi = static_cast<std::size_t>(std::ceil(pos));
            const double a = number(name(), sorted[lo]), b = number(name(), sorted[hi]);
            return Value(a + (b - a) * (pos - std::floor(pos)));
        }
        // The smallest value with at least `percentile` of the values at or below it.
        const double idx = std::max(0.0, std::ceil(percentile_ * n) - 1);
        return sorted[std::min(static_cast<std::size_t>(idx), sorted.size() - 1)];
    }

protected:
    void accept(const Value& v, const Value* argument) override {
        if (argument == nullptr) {
            throw Error(ErrorKind::Internal,
                        std::string("function '") + name() + "' needs its percentile argument");
        }
        const Value& p = *argument;
        if (!is_number(p) || number(name(), p) < 0.0 || number(name(), p) > 1.0) {
            argument_error(std::string("function '") + name() +
                               "' expects a percentile between 0.0 and 1.0, not " + to_literal(p),
                           is_number(p) ? "NumberOutOfRange" : "InvalidArgumentType");
        }
        percentile_ = number(name(), p);
        if (v.is_null()) return;
        if (!is_number(v)) bad_kind(name(), "numbers", v);
        values_.push_back(v);
    }

private:
    const char* name() const { return continuous_ ? "percentileCont" : "percentileDisc"; }
    bool continuous_;
    double percentile_ = 0;
    std::vector<Value> values_;
};

// DISTINCT: passes a value on only the first time an equivalent one is seen.
class Distinct final : public Aggregator {
public:
    explicit Distinct(std::unique_ptr<Aggregator> inner) : inner_(std::move(inner)) {}
    Value result() const override { return inner_->result(); }

protected:
    void accept(const Value& v, const Value* argument) override {
        if (v.is_null()) return;  // every aggregate that takes DISTINCT skips nulls
        // Nodes and relationships are equivalent exactly when their ids are equal: those key
        // on the id in flat sets, without copying the value (optimisation only, issue #8).
        if (v.kind() == ValueKind::Node) {
            if (!nodes_.insert(v.as_node().id.value)) return;
        } else if (v.kind() == ValueKind::Edge) {
            if (!edges_.insert(v.as_edge().id.value)) return;
        } else if (!seen_.insert(v).second) {
            return;
        }
        if (argument != nullptr) {
            inner_->add(v, *argument);
        } else {
            inner_->add(v);
        }
    }

private:
    std::unique_ptr<Aggregator> inner_;
    IdSet nodes_;
    IdSet edges_;
    std::unordered_set<Value, ValueHash, ValueEquivalent> seen_;
};

}  // namespace

std::unique_ptr<Aggregator> make_aggregator(std::string_view name, bool distinct) {
    const std::string key = ascii_lower(name);
    std::unique_ptr<Aggregator> agg;
    if (const InlineKind kind = inline_kind(key, false, false, false); kind != InlineKind::None) {
        agg = std::make_unique<Simple>(kind);
    } else if (key == "collect") {
        agg = std::make_unique<Collect>();
    } else if (key == "stdev" || key == "stdevp") {
        agg = std::make_unique<StDev>(key == "stdevp");
    } else if (key == "percentilecont" || key == "percentiledisc") {
        agg = std::make_unique<Percentile>(key == "percentilecont");
    } else {
        return nullptr;
    }
    if (distinct) agg = std::make_unique<Distinct>(std::move(agg));
    return agg;
}

std::unique_ptr<Aggregator> make_count_star() {
    return std::make_unique<Simple>(InlineKind::CountStar);
}

}  // namespace caspian::query
