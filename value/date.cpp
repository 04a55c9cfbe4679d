// The proleptic Gregorian calendar and dates: days from a year-month-day and back, month
// lengths, month arithmetic, and ISO 8601 date text (YYYY-MM-DD).
#include "value/temporal.hpp"

#include <caspian/error.hpp>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>

namespace caspian {

unsigned days_in_month(std::int64_t y, unsigned m) noexcept {
    static constexpr unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool fits_date(std::int64_t days) noexcept {
    return days >= std::numeric_limits<std::int32_t>::min() &&
           days <= std::numeric_limits<std::int32_t>::max();
}

// Digits only: from_chars would also take a '-', letting "+-2022" or "T-1:00" through.
bool parse_digits(std::string_view s, int& out) noexcept {
    if (s.empty() || s.front() < '0' || s.front() > '9') return false;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
}

Date make_date(int year, unsigned month, unsigned day) {
    if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) ||
        !fits_date(days_from_civil(year, month, day))) {
        throw Error(ErrorKind::Type, "invalid date " + std::to_string(year) + "-" +
                                         std::to_string(month) + "-" + std::to_string(day));
    }
    return Date{static_cast<std::int32_t>(days_from_civil(year, month, day))};
}

// Howard Hinnant's civil_from_days.
YearMonthDay to_ymd(Date d) noexcept {
    const std::int64_t z = std::int64_t{d.days} + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned day = doy - (153 * mp + 2) / 5 + 1;
    const unsigned month = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<int>(y + (month <= 2)), month, day};
}

std::int64_t add_months(std::int64_t days, std::int64_t months) {
    if (months == 0) return days;
    auto out_of_range = [] { throw Error(ErrorKind::Type, "duration out of range"); };
    if (!fits_date(days)) out_of_range();
    const YearMonthDay ymd = to_ymd(Date{static_cast<std::int32_t>(days)});
    const std::int64_t total =
        checked_add(checked_add(checked_mul(ymd.year, 12), ymd.month - 1), months);
    const std::int64_t year = floor_div(total, 12);
    const auto month = static_cast<unsigned>(total - year * 12 + 1);
    if (year < -5'000'000 || year > 5'000'000) out_of_range();
    const unsigned day = std::min(ymd.day, days_in_month(year, month));
    return make_date(static_cast<int>(year), month, day).days;
}

std::string to_iso(Date d) {
    const YearMonthDay ymd = to_ymd(d);
    char buf[32];
    // ISO 8601 pads the year to four digits after the sign: -0001-01-01, as parse_date reads.
    std::snprintf(buf, sizeof buf, "%s%04lld-%02u-%02u", ymd.year < 0 ? "-" : "",
                  std::abs(static_cast<long long>(ymd.year)), ymd.month, ymd.day);
    return buf;
}

bool parse_date(std::string_view text, Date& out) noexcept {
    // YYYY-MM-DD, the year with an optional sign and four or more digits.
    if (text.size() < 10 || text[text.size() - 3] != '-' || text[text.size() - 6] != '-') {
        return false;
    }
    int year = 0, month = 0, day = 0;
    std::string_view y = text.substr(0, text.size() - 6);
    const bool negative = !y.empty() && y.front() == '-';
    if (negative || (!y.empty() && y.front() == '+')) y.remove_prefix(1);
    if (y.size() < 4 || !parse_digits(y, year) ||
        !parse_digits(text.substr(text.size() - 5, 2), month) ||
        !parse_digits(text.substr(text.size() - 2), day)) {
        return false;
    }
    if (negative) year = -year;
    if (month < 1 || month > 12 || day < 1 ||
        unsigned(day) > days_in_month(year, unsigned(month))) {
        return false;
    }
    const std::int64_t days = days_from_civil(year, unsigned(month), unsigned(day));
    if (!fits_date(days)) return false;
    out = Date{static_cast<std::int32_t>(days)};
    return true;
}

}  // namespace caspian
