// How deep this thread's stack may grow while parsing, binding and evaluating: the parser's
// control stops nesting below this address, and the binder and the evaluator stop there too,
// because frame sizes vary too much between builds (sanitizers make them ~10x larger) for
// max_nesting and max_expression_depth alone to protect the stack.
#pragma once

#include <cstdint>

namespace caspian::query::parser {

// The lowest stack address parsing may reach in the calling thread: its stack's low end plus a
// reserve for the frames between two nesting checks and for throwing. 0 when the bounds are
// unknown. Computed once per thread: on the main thread glibc reads /proc/self/maps for it,
// which cost most of a parse (~70 µs of ~80 µs per statement).
[[nodiscard]] std::uintptr_t stack_floor();

// True when the caller runs below the floor: a pass recursing over a statement stops there with
// Error{Syntax} "expression nests too deeply" rather than overflow the stack (issue #15).
[[nodiscard]] inline bool stack_is_low() {
    return reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0)) < stack_floor();
}

}  // namespace caspian::query::parser
