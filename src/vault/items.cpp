// SPDX-License-Identifier: Apache-2.0
#include "items.hpp"

#include <fmt/format.h>

#include <cstring>

namespace exray::vault {
namespace {

std::string text(const Json& body, const char* key) {
  const auto it = body.find(key);
  return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

template <class T>
T number(const Json& body, const char* key) {
  const auto it = body.find(key);
  return it != body.end() && it->is_number() ? it->get<T>() : T{};
}

Item from_quarantine(const Json& b) {
  Item item;
  item.id = text(b, "item");
  auto& m = item.original;
  m.path = text(b, "path");
  m.size = number<std::uint64_t>(b, "size");
  m.sha256 = text(b, "sha256");
  m.sha1 = text(b, "sha1");
  m.md5 = text(b, "md5");
  m.mode = number<std::uint32_t>(b, "mode");
  m.uid = number<std::uint32_t>(b, "uid");
  m.gid = number<std::uint32_t>(b, "gid");
  m.owner = text(b, "owner");
  m.group = text(b, "group");
  m.atime_ns = number<std::int64_t>(b, "atime_ns");
  m.mtime_ns = number<std::int64_t>(b, "mtime_ns");
  m.ctime_ns = number<std::int64_t>(b, "ctime_ns");
  if (const auto f = b.find("finding"); f != b.end() && f->is_object())
    item.finding = FindingRef{text(*f, "id"), text(*f, "rule"), text(*f, "kind"), text(*f, "severity")};
  item.removal = text(b, "removal") == "rename" ? Removal::rename : Removal::remove;
  item.renamed_to = text(b, "renamed_to");
  item.by = text(b, "by");
  item.at = text(b, "at");
  item.state = ItemState::quarantining;
  return item;
}

}  // namespace

Json quarantine_fields(const Item& item) {
  const auto& m = item.original;
  Json j;
  j["event"] = event::kQuarantine;
  j["item"] = item.id;
  j["path"] = m.path;
  j["size"] = m.size;
  j["sha256"] = m.sha256;
  j["sha1"] = m.sha1;
  j["md5"] = m.md5;
  j["mode"] = m.mode;
  j["uid"] = m.uid;
  j["gid"] = m.gid;
  j["owner"] = m.owner;
  j["group"] = m.group;
  j["atime_ns"] = m.atime_ns;
  j["mtime_ns"] = m.mtime_ns;
  j["ctime_ns"] = m.ctime_ns;
  j["finding"] = {{"id", item.finding.id},
                  {"rule", item.finding.rule},
                  {"kind", item.finding.kind},
                  {"severity", item.finding.severity}};
  j["removal"] = item.removal == Removal::rename ? "rename" : "remove";
  j["renamed_to"] = item.renamed_to;
  j["by"] = item.by;
  j["at"] = item.at;
  return j;
}

Json event_fields(const char* event, const Item& item, const Json& extra) {
  Json j;
  j["event"] = event;
  j["item"] = item.id;
  j["path"] = item.original.path;
  for (const auto& [key, value] : extra.items()) j[key] = value;
  return j;
}

Item* ItemFolder::find(const std::string& id) {
  for (auto& item : items_)
    if (item.id == id) return &item;
  return nullptr;
}

void ItemFolder::apply(const Record& record) {
  const auto& b = record.body;
  const auto ev = text(b, "event");
  const auto id = text(b, "item");
  if (ev == event::kQuarantine) {
    if (find(id) != nullptr) {
      problems_.push_back(
          {id, text(b, "path"), fmt::format("record {} quarantines an item already recorded", record.seq)});
      return;
    }
    items_.push_back(from_quarantine(b));
    return;
  }
  Item* item = find(id);
  auto out_of_order = [&](std::string_view expected) {
    problems_.push_back({id, text(b, "path"),
                         fmt::format("record {} ({}) does not follow {} for this item", record.seq, ev, expected)});
  };
  if (item == nullptr) {
    problems_.push_back({id, text(b, "path"), fmt::format("record {} ({}) names an unknown item", record.seq, ev)});
    return;
  }
  if (ev == event::kQuarantined || ev == event::kQuarantineRolledBack) {
    if (item->state != ItemState::quarantining) return out_of_order("a quarantine");
    item->state = ev == event::kQuarantined ? ItemState::quarantined : ItemState::rolled_back;
  } else if (ev == event::kRestore) {
    if (item->state != ItemState::quarantined) return out_of_order("a completed quarantine");
    item->state = ItemState::restoring;
  } else if (ev == event::kRestored || ev == event::kRestoreRolledBack) {
    if (item->state != ItemState::restoring) return out_of_order("a restore");
    item->state = ev == event::kRestored ? ItemState::restored : ItemState::quarantined;
    if (ev == event::kRestored) item->restored_at = text(b, "at");
  } else {
    problems_.push_back({id, text(b, "path"), fmt::format("record {} has an unknown event '{}'", record.seq, ev)});
  }
}

}  // namespace exray::vault
