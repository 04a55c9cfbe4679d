// The proleptic Gregorian calendar and dates: days from a year-month-day, a week date, an
// ordinal or a quarter date and back, month lengths, month arithmetic, ISO 8601 date text.
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
        throw Error(ErrorKind::Type, ErrorClass::ArgumentError, "InvalidArgumentValue",
                    "invalid date " + std::to_string(year) + "-" + std::to_string(month) + "-" +
                        std::to_string(day));
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

Date to_date(std::int64_t days) {
    if (!fits_date(days)) throw Error(ErrorKind::Type, "date out of range");
    return Date{static_cast<std::int32_t>(days)};
}

unsigned day_of_week(std::int64_t days) noexcept {
    const std::int64_t m = (days + 3) % 7;  // 1970-01-01 was a Thursday (4)
    return static_cast<unsigned>((m < 0 ? m + 7 : m) + 1);
}

namespace {

// The Monday of ISO week 1 of year: the week holding January 4th.
std::int64_t week_one_monday(std::int64_t year) noexcept {
    const std::int64_t jan4 = days_from_civil(year, 1, 4);
    return jan4 - (day_of_week(jan4) - 1);
}

bool is_leap(std::int64_t y) noexcept {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

[[noreturn]] void invalid_field(const char* field, std::int64_t value) {
    throw Error(ErrorKind::Type, ErrorClass::ArgumentError, "InvalidArgumentValue",
                std::string("invalid value for ") + field + ": " + std::to_string(value));
}

void check_year(std::int64_t year) {
    if (year < -999'999'999 || year > 999'999'999) invalid_field("year", year);
}

}  // namespace

WeekDate to_week_date(std::int64_t days) noexcept {
    const YearMonthDay ymd = to_ymd(Date{static_cast<std::int32_t>(days)});
    std::int64_t year = ymd.year;
    if (days >= week_one_monday(year + 1)) {
        ++year;
    } else if (days < week_one_monday(year)) {
        --year;
    }
    const std::int64_t week = (days - week_one_monday(year)) / 7 + 1;
    return WeekDate{year, static_cast<unsigned>(week), day_of_week(days)};
}

std::int64_t days_from_week_date(std::int64_t year, std::int64_t week, std::int64_t day) {
    check_year(year);
    const std::int64_t weeks = (week_one_monday(year + 1) - week_one_monday(year)) / 7;
    if (week < 1 || week > weeks) invalid_field("week", week);
    if (day < 1 || day > 7) invalid_field("dayOfWeek", day);
    return week_one_monday(year) + (week - 1) * 7 + (day - 1);
}

std::int64_t days_from_ordinal(std::int64_t year, std::int64_t day) {
    check_year(year);
    if (day < 1 || day > (is_leap(year) ? 366 : 365)) invalid_field("ordinalDay", day);
    return days_from_civil(year, 1, 1) + day - 1;
}

std::int64_t days_from_quarter(std::int64_t year, std::int64_t quarter, std::int64_t day) {
    check_year(year);
    if (quarter < 1 || quarter > 4) invalid_field("quarter", quarter);
    const auto first_month = static_cast<unsigned>(quarter * 3 - 2);
    const std::int64_t start = days_from_civil(year, first_month, 1);
    const std::int64_t length =
        days_from_civil(year + (quarter == 4), quarter == 4 ? 1 : first_month + 3, 1) - start;
    if (day < 1 || day > length) invalid_field("dayOfQuarter", day);
    return start + day - 1;
}

std::int64_t days_from_ymd(std::int64_t year, std::int64_t month, std::int64_t day) {
    check_year(year);
    if (month < 1 || month > 12) invalid_field("month", month);
    if (day < 1 || day > days_in_month(year, static_cast<unsigned>(month)))
        invalid_field("day", day);
    return days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

std::string to_iso(Date d) {
    const YearMonthDay ymd = to_ymd(d);
    char buf[32];
    // ISO 8601 pads the year to four digits after the sign: -0001-01-01, as parse_date reads;
    // a year beyond 9999 carries its '+' (java.time's form, which openCypher prints).
    std::snprintf(buf, sizeof buf, "%s%04lld-%02u-%02u",
                  ymd.year < 0 ? "-" : (ymd.year > 9999 ? "+" : ""),
                  std::abs(static_cast<long long>(ymd.year)), ymd.month, ymd.day);
    return buf;
}

}  // namespace caspian
