// Copyright (c) 2026 The lockfile developers
// SPDX-License-Identifier: BSL-1.0
// A lock name's queue: its key range and the fields of range answers.
#include "queue.hpp"

#include "base64.hpp"

namespace lockfile {
namespace etcd {
namespace detail {

using json = nlohmann::json;

bool valid_lock_name(const std::string& name)
{
    constexpr std::size_t max_length = 1024;
    return !name.empty() && name.size() <= max_length;
}

std::string prefix_end(std::string prefix)
{
    while (!prefix.empty() && static_cast<unsigned char>(prefix.back()) == 0xFF)
        prefix.pop_back();
    if (!prefix.empty())
        prefix.back() = static_cast<char>(static_cast<unsigned char>(prefix.back()) + 1);
    return prefix.empty() ? std::string(1, '\0') : prefix;
}

json oldest_in(const std::string& prefix)
{
    return {{"key", base64_encode(prefix)},
            {"range_end", base64_encode(prefix_end(prefix))},
            {"sort_order", "ASCEND"},
            {"sort_target", "CREATE"},
            {"limit", "1"}};
}

std::int64_t integer(const json& object, const char* field)
{
    if (!object.is_object() || !object.contains(field))
        return 0;
    const json& value = object[field];
    try {
        return value.is_string() ? std::stoll(value.get<std::string>()) : -1;
    } catch (const std::exception&) {
        return -1;
    }
}

const json& kvs_of(const json& range)
{
    static const json none = json::array();
    return range.is_object() && range.contains("kvs") && range["kvs"].is_array() ? range["kvs"]
                                                                                 : none;
}

} // namespace detail
} // namespace etcd
} // namespace lockfile
