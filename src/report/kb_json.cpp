// SPDX-License-Identifier: Apache-2.0
// The JSON of knowledge-base records, shared by the build and the scan printers.
#include "exray/core/time.hpp"
#include "json.hpp"

namespace exray::report {

Json release_json(const kb::Release* r) {
  if (r == nullptr) return nullptr;
  return Json{{"build", r->build.to_string()}, {"name", r->name}, {"product", r->product}, {"update", r->update},
              {"date", format_date(r->date)},  {"kb", r->kb},     {"url", r->url}};
}

Json verdicts_json(const kb::Assessment& a) {
  Json verdicts = Json::array();
  for (const auto& v : a.verdicts)
    verdicts.push_back(Json{{"advisory", v.advisory->id},
                            {"title", v.advisory->title},
                            {"cves", v.advisory->cves},
                            {"state", kb::to_code(v.state)},
                            {"summary", kb::describe(v.state)},
                            {"vulnerable", kb::is_vulnerable(v.state)},
                            {"install", release_json(v.install)},
                            {"upgrade_to", release_json(v.upgrade_to)}});
  return verdicts;
}

}  // namespace exray::report
