// Distance kernels of the vector indexes (graph/hnsw.cpp): 1 - dot for unit vectors (cosine) and
// squared L2 over float32, the stored side read as bytes straight from the LMDB map.
#pragma once

#include "graph/vector_index.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace caspian::graph {

// Sixteen independent sums, so GCC vectorises the loop without -ffast-math (a single sum would
// have to be added in order). The stored side is memcpy'd 64 bytes at a time: LMDB aligns
// values to 2 bytes only, and the copy compiles to unaligned vector loads.
template <Similarity S>
inline float vector_kernel(const float* q, const char* stored, std::size_t n) {
    constexpr std::size_t lanes = 16;
    float sum[lanes] = {};
    std::size_t i = 0;
    for (; i + lanes <= n; i += lanes) {
        float x[lanes];
        std::memcpy(x, stored + i * 4, sizeof x);
        for (std::size_t j = 0; j < lanes; ++j) {
            if constexpr (S == Similarity::Cosine) {
                sum[j] += q[i + j] * x[j];
            } else {
                const float d = q[i + j] - x[j];
                sum[j] += d * d;
            }
        }
    }
    for (std::size_t j = 0; i < n; ++i, ++j) {
        float x;
        std::memcpy(&x, stored + i * 4, sizeof x);
        if constexpr (S == Similarity::Cosine) {
            sum[j] += q[i] * x;
        } else {
            const float d = q[i] - x;
            sum[j] += d * d;
        }
    }
    for (std::size_t width = lanes / 2; width > 0; width /= 2) {
        for (std::size_t j = 0; j < width; ++j)
            sum[j] += sum[j + width];
    }
    return S == Similarity::Cosine ? 1.0f - sum[0] : sum[0];
}

// The distance the graph orders by: 1 - dot for unit vectors (cosine), else squared L2.
inline float vector_distance(Similarity s, const float* q, const char* stored, std::size_t n) {
    return s == Similarity::Cosine ? vector_kernel<Similarity::Cosine>(q, stored, n)
                                   : vector_kernel<Similarity::Euclidean>(q, stored, n);
}

// The dot product of two int8 vectors (graph/vector_quantized.cpp), the stored side read from the
// map as bytes; 32 independent sums for the same reason as above (exact here, but GCC then
// widens and multiplies 16 lanes at a time).
inline std::int32_t int8_dot(const std::int8_t* q, const char* stored, std::size_t n) {
    constexpr std::size_t lanes = 32;
    std::int32_t sum[lanes] = {};
    std::size_t i = 0;
    for (; i + lanes <= n; i += lanes) {
        std::int8_t x[lanes];
        std::memcpy(x, stored + i, sizeof x);
        for (std::size_t j = 0; j < lanes; ++j)
            sum[j] += std::int16_t(q[i + j]) * std::int16_t(x[j]);
    }
    std::int32_t total = 0;
    for (; i < n; ++i)
        total += std::int16_t(q[i]) * std::int16_t(std::int8_t(stored[i]));
    for (std::int32_t s : sum)
        total += s;
    return total;
}

}  // namespace caspian::graph
